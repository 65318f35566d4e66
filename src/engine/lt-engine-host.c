/* lt-engine-host.c: the engine in a thread of its own, seen from the UI
 *
 * The door must relock on time even if the screen's thread stalls (a
 * driver hang, a long layout). So the kiosk runs the engine — readers,
 * decisions, door timers, the store — in a thread with its own main
 * context, and this object is its face on the UI thread: calls are posted
 * to the engine thread, results and state changes come back as callbacks,
 * properties and signals on the UI's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-engine-host"

#include "lt-engine-host.h"

#include <string.h>

struct _LtEngineHost {
  GObject       parent_instance;

  /* Engine thread only */
  LtEngine     *engine;
  GMainLoop    *loop;

  /* Set before the thread starts, read-only after */
  GMainContext *engine_context;
  GMainContext *ui_context;
  GThread      *thread;
  LtConfig     *config;        /* owned by the engine once it exists */
  gboolean      simulator;

  /* Start-up handshake */
  GMutex        lock;
  GCond         started_cond;
  gboolean      started;
  GError       *start_error;

  /* UI thread only: the last state the engine reported */
  gboolean      unlocked;
  gboolean      open;
  LtAlarm       alarm;
  gint64        relock_time;
  gboolean      line_present[LT_N_LINES];
  gboolean      line_active[LT_N_LINES];
  gboolean      stopped;
};

enum {
  PROP_0,
  PROP_UNLOCKED,
  PROP_OPEN,
  PROP_ALARM,
  N_PROPS
};

enum {
  DECISION,
  CARD_CAPTURED,
  LINE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LtEngineHost, lt_engine_host, G_TYPE_OBJECT)

/* ---- engine thread → UI thread ------------------------------------------ */

typedef struct {
  LtEngineHost *host;
  gboolean      unlocked;
  gboolean      open;
  LtAlarm       alarm;
  gint64        relock_time;
} DoorState;

static void
door_state_free (gpointer data)
{
  DoorState *state = data;

  g_object_unref (state->host);
  g_free (state);
}

static gboolean
apply_door_state (gpointer data)
{
  DoorState *state = data;
  LtEngineHost *self = state->host;

  self->relock_time = state->relock_time;
  if (self->unlocked != state->unlocked) {
    self->unlocked = state->unlocked;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNLOCKED]);
  }
  if (self->open != state->open) {
    self->open = state->open;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
  }
  if (self->alarm != state->alarm) {
    self->alarm = state->alarm;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALARM]);
  }
  return G_SOURCE_REMOVE;
}

static void
post_door_state (LtEngineHost *self)
{
  LtDoor *door = lt_engine_get_door (self->engine);
  DoorState *state = g_new0 (DoorState, 1);

  state->host = g_object_ref (self);
  state->unlocked = lt_door_get_unlocked (door);
  state->open = lt_door_get_open (door);
  state->alarm = lt_door_get_alarm (door);
  state->relock_time = lt_door_get_relock_time (door);
  g_main_context_invoke_full (self->ui_context, G_PRIORITY_DEFAULT, apply_door_state, state, door_state_free);
}

static void
on_door_notify (GObject    *door,
                GParamSpec *pspec,
                gpointer    user_data)
{
  post_door_state (user_data);
}

typedef struct {
  LtEngineHost  *host;
  LtMethod       method;
  LtDecision     decision;
  LtDecisionFunc callback;
  gpointer       user_data;
} DecisionMsg;

static void
decision_msg_free (gpointer data)
{
  DecisionMsg *msg = data;

  g_object_unref (msg->host);
  g_free (msg);
}

static gboolean
deliver_decision (gpointer data)
{
  DecisionMsg *msg = data;

  if (msg->callback != NULL)
    msg->callback (msg->host, msg->method, &msg->decision, msg->user_data);
  else
    g_signal_emit (msg->host, signals[DECISION], 0, msg->method, &msg->decision);
  return G_SOURCE_REMOVE;
}

static void
on_engine_decision (LtEngine *engine,
                    guint     method,
                    gboolean  granted,
                    gint64    subject,
                    guint     reason,
                    gpointer  user_data)
{
  LtEngineHost *self = user_data;
  DecisionMsg *msg = g_new0 (DecisionMsg, 1);

  /* Every decision, card or keypad, reaches the screen as a signal. */
  msg->host = g_object_ref (self);
  msg->method = method;
  msg->decision = *lt_engine_get_last_decision (engine);
  g_main_context_invoke_full (self->ui_context, G_PRIORITY_DEFAULT, deliver_decision, msg, decision_msg_free);
  post_door_state (self);
}

typedef struct {
  LtEngineHost *host;
  char         *reader;
  char         *card;
  char         *problem;
} CaptureMsg;

static void
capture_msg_free (gpointer data)
{
  CaptureMsg *msg = data;

  g_object_unref (msg->host);
  g_free (msg->reader);
  g_free (msg->card);
  g_free (msg->problem);
  g_free (msg);
}

static gboolean
deliver_capture (gpointer data)
{
  CaptureMsg *msg = data;

  g_signal_emit (msg->host, signals[CARD_CAPTURED], 0, msg->reader, msg->card, msg->problem);
  return G_SOURCE_REMOVE;
}

static void
on_card_captured (LtEngine   *engine,
                  const char *reader,
                  const char *card,
                  const char *problem,
                  gpointer    user_data)
{
  LtEngineHost *self = user_data;
  CaptureMsg *msg = g_new0 (CaptureMsg, 1);

  msg->host = g_object_ref (self);
  msg->reader = g_strdup (reader);
  msg->card = g_strdup (card);
  msg->problem = g_strdup (problem);
  g_main_context_invoke_full (self->ui_context, G_PRIORITY_DEFAULT, deliver_capture, msg, capture_msg_free);
}

typedef struct {
  LtEngineHost *host;
  guint         role;
  gboolean      active;
} LineMsg;

static void
line_msg_free (gpointer data)
{
  g_object_unref (((LineMsg *) data)->host);
  g_free (data);
}

static gboolean
deliver_line (gpointer data)
{
  LineMsg *msg = data;

  msg->host->line_active[msg->role] = msg->active;
  g_signal_emit (msg->host, signals[LINE_CHANGED], 0, msg->role, msg->active);
  return G_SOURCE_REMOVE;
}

static void
on_line_changed (LtEngine *engine,
                 guint     role,
                 gboolean  active,
                 gpointer  user_data)
{
  LtEngineHost *self = user_data;
  LineMsg *msg = g_new0 (LineMsg, 1);

  msg->host = g_object_ref (self);
  msg->role = role;
  msg->active = active;
  g_main_context_invoke_full (self->ui_context, G_PRIORITY_DEFAULT, deliver_line, msg, line_msg_free);
}

/* ---- the engine thread ---------------------------------------------------- */

static gpointer
engine_thread (gpointer data)
{
  LtEngineHost *self = data;
  g_autoptr(GError) error = NULL;
  LtEngine *engine;

  g_main_context_push_thread_default (self->engine_context);
  engine = lt_engine_new (self->config, &error);

  g_mutex_lock (&self->lock);
  if (engine == NULL) {
    self->config = NULL;  /* freed by the failed engine */
    self->start_error = g_steal_pointer (&error);
  } else {
    LtDoor *door = lt_engine_get_door (engine);

    self->engine = engine;
    self->simulator = lt_engine_get_sim (engine) != NULL;
    self->unlocked = lt_door_get_unlocked (door);
    self->open = lt_door_get_open (door);
    self->alarm = lt_door_get_alarm (door);
    for (guint role = 0; role < LT_N_LINES; role++)
      self->line_present[role] = lt_engine_get_line_state (engine, role, &self->line_active[role]);
    g_signal_connect (door, "notify::unlocked", G_CALLBACK (on_door_notify), self);
    g_signal_connect (door, "notify::open", G_CALLBACK (on_door_notify), self);
    g_signal_connect (door, "notify::alarm", G_CALLBACK (on_door_notify), self);
    g_signal_connect (engine, "decision", G_CALLBACK (on_engine_decision), self);
    g_signal_connect (engine, "card-captured", G_CALLBACK (on_card_captured), self);
    g_signal_connect (engine, "line-changed", G_CALLBACK (on_line_changed), self);
  }
  self->started = TRUE;
  g_cond_signal (&self->started_cond);
  g_mutex_unlock (&self->lock);

  if (engine != NULL) {
    g_main_loop_run (self->loop);
    /* Relock and let go, still on this thread. */
    g_signal_handlers_disconnect_by_data (lt_engine_get_door (engine), self);
    g_signal_handlers_disconnect_by_data (engine, self);
    lt_engine_shutdown (engine);
    g_clear_object (&self->engine);
  }
  g_main_context_pop_thread_default (self->engine_context);
  return NULL;
}

/* ---- UI thread → engine thread ------------------------------------------- */

typedef struct {
  LtEngineHost  *host;
  LtMethod       method;
  char          *unit;
  char          *credential;
  char          *name;
  gpointer       callback;
  gpointer       user_data;
  gint64         id;
  gint64         from_us;
  gint64         until_us;
  guint          uses;
  gboolean       flag;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_object_unref (call->host);
  g_free (call->unit);
  g_free (call->name);
  if (call->credential != NULL)
    memset (call->credential, 0, strlen (call->credential));
  g_free (call->credential);
  g_free (call);
}

static Call *
call_new (LtEngineHost *self,
          gpointer      callback,
          gpointer      user_data)
{
  Call *call = g_new0 (Call, 1);

  call->host = g_object_ref (self);
  call->callback = callback;
  call->user_data = user_data;
  return call;
}

static void
post (LtEngineHost *self,
      GSourceFunc   func,
      Call         *call)
{
  if (self->stopped) {
    call_free (call);
    return;
  }
  g_main_context_invoke_full (self->engine_context, G_PRIORITY_DEFAULT, func, call, call_free);
}

static gboolean
do_present (gpointer data)
{
  Call *call = data;
  LtPresentation presentation = { call->method, NULL, "keypad", call->unit, call->credential, 0 };
  LtDecision decision;
  DecisionMsg *msg;

  /* The screen gets its answer through its callback, not the signal. */
  g_signal_handlers_block_by_func (call->host->engine, on_engine_decision, call->host);
  lt_engine_present (call->host->engine, &presentation, &decision);
  g_signal_handlers_unblock_by_func (call->host->engine, on_engine_decision, call->host);
  post_door_state (call->host);

  msg = g_new0 (DecisionMsg, 1);
  msg->host = g_object_ref (call->host);
  msg->method = call->method;
  msg->decision = decision;
  msg->callback = call->callback;
  msg->user_data = call->user_data;
  g_main_context_invoke_full (call->host->ui_context, G_PRIORITY_DEFAULT, deliver_decision, msg, decision_msg_free);
  return G_SOURCE_REMOVE;
}

void
lt_engine_host_present (LtEngineHost  *self,
                        LtMethod       method,
                        const char    *unit,
                        const char    *credential,
                        LtDecisionFunc callback,
                        gpointer       user_data)
{
  Call *call = call_new (self, callback, user_data);

  call->method = method;
  call->unit = g_strdup (unit);
  call->credential = g_strdup (credential);
  post (self, do_present, call);
}

typedef struct {
  LtEngineHost *host;
  LtStaffResult result;
  LtPerson     *staff;
  guint         retry;
  LtStaffFunc   callback;
  gpointer      user_data;
} StaffMsg;

static void
staff_msg_free (gpointer data)
{
  StaffMsg *msg = data;

  g_object_unref (msg->host);
  lt_person_free (msg->staff);
  g_free (msg);
}

static gboolean
deliver_staff (gpointer data)
{
  StaffMsg *msg = data;

  msg->callback (msg->host, msg->result, msg->staff, msg->retry, msg->user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
do_identify_staff (gpointer data)
{
  Call *call = data;
  StaffMsg *msg = g_new0 (StaffMsg, 1);

  msg->host = g_object_ref (call->host);
  msg->callback = call->callback;
  msg->user_data = call->user_data;
  msg->result = lt_engine_identify_staff (call->host->engine, call->method, call->credential,
                                          &msg->staff, &msg->retry);
  g_main_context_invoke_full (call->host->ui_context, G_PRIORITY_DEFAULT, deliver_staff, msg, staff_msg_free);
  return G_SOURCE_REMOVE;
}

void
lt_engine_host_identify_staff (LtEngineHost *self,
                               LtMethod      method,
                               const char   *credential,
                               LtStaffFunc   callback,
                               gpointer      user_data)
{
  Call *call = call_new (self, callback, user_data);

  call->method = method;
  call->credential = g_strdup (credential);
  post (self, do_identify_staff, call);
}

static gboolean
do_capture (gpointer data)
{
  Call *call = data;

  lt_engine_capture_next_card (call->host->engine, call->flag);
  return G_SOURCE_REMOVE;
}

void
lt_engine_host_capture_next_card (LtEngineHost *self,
                                  gboolean      capture)
{
  Call *call = call_new (self, NULL, NULL);

  call->flag = capture;
  post (self, do_capture, call);
}

static gboolean
do_unlock (gpointer data)
{
  Call *call = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = call->flag ? lt_engine_test_unlock (call->host->engine, call->id, &error)
                           : lt_engine_remote_unlock (call->host->engine, call->id, &error);

  if (!ok)
    g_warning ("Unlock asked by %" G_GINT64_FORMAT " failed: %s", call->id, error->message);
  post_door_state (call->host);
  return G_SOURCE_REMOVE;
}

void
lt_engine_host_remote_unlock (LtEngineHost *self,
                              gint64        staff_id)
{
  Call *call = call_new (self, NULL, NULL);

  call->id = staff_id;
  post (self, do_unlock, call);
}

static gboolean
do_acknowledge (gpointer data)
{
  Call *call = data;

  lt_engine_acknowledge_alarm (call->host->engine, call->id);
  return G_SOURCE_REMOVE;
}

void
lt_engine_host_acknowledge_alarm (LtEngineHost *self,
                                  gint64        staff_id)
{
  Call *call = call_new (self, NULL, NULL);

  call->id = staff_id;
  post (self, do_acknowledge, call);
}

void
lt_engine_host_test_unlock (LtEngineHost *self,
                            gint64        technician_id)
{
  Call *call = call_new (self, NULL, NULL);

  call->id = technician_id;
  call->flag = TRUE;
  post (self, do_unlock, call);
}

typedef struct {
  LtEngineHost *host;
  char         *text;
  LtTextFunc    callback;
  gpointer      user_data;
} TextMsg;

static void
text_msg_free (gpointer data)
{
  TextMsg *msg = data;

  g_object_unref (msg->host);
  g_free (msg->text);
  g_free (msg);
}

static gboolean
deliver_text (gpointer data)
{
  TextMsg *msg = data;

  if (msg->callback != NULL)
    msg->callback (msg->host, msg->text, msg->user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
do_sim_command (gpointer data)
{
  Call *call = data;
  TextMsg *msg = g_new0 (TextMsg, 1);

  msg->host = g_object_ref (call->host);
  msg->callback = call->callback;
  msg->user_data = call->user_data;
  msg->text = lt_engine_sim_command (call->host->engine, call->unit);
  g_main_context_invoke_full (call->host->ui_context, G_PRIORITY_DEFAULT, deliver_text, msg, text_msg_free);
  return G_SOURCE_REMOVE;
}

void
lt_engine_host_sim_command (LtEngineHost *self,
                            const char   *command,
                            LtTextFunc    callback,
                            gpointer      user_data)
{
  Call *call = call_new (self, callback, user_data);

  call->unit = g_strdup (command);
  post (self, do_sim_command, call);
}

typedef struct {
  LtEngineHost *host;
  char         *token;
  gint64        pass_id;
  char         *error;
  LtPassFunc    callback;
  gpointer      user_data;
} PassMsg;

static void
pass_msg_free (gpointer data)
{
  PassMsg *msg = data;

  g_object_unref (msg->host);
  g_free (msg->token);
  g_free (msg->error);
  g_free (msg);
}

static gboolean
deliver_pass (gpointer data)
{
  PassMsg *msg = data;

  msg->callback (msg->host, msg->token, msg->pass_id, msg->error, msg->user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
do_issue_pass (gpointer data)
{
  Call *call = data;
  PassMsg *msg = g_new0 (PassMsg, 1);
  g_autoptr(GError) error = NULL;

  msg->host = g_object_ref (call->host);
  msg->callback = call->callback;
  msg->user_data = call->user_data;
  msg->token = lt_engine_issue_pass (call->host->engine, call->unit, call->from_us, call->until_us, call->uses,
                                     call->id, call->name, &msg->pass_id, &error);
  msg->error = error ? g_strdup (error->message) : NULL;
  g_main_context_invoke_full (call->host->ui_context, G_PRIORITY_DEFAULT, deliver_pass, msg, pass_msg_free);
  return G_SOURCE_REMOVE;
}

void
lt_engine_host_issue_pass (LtEngineHost *self,
                           const char   *unit,
                           gint64        valid_from_us,
                           gint64        valid_until_us,
                           guint         max_uses,
                           gint64        guard_id,
                           const char   *visitor_name,
                           LtPassFunc    callback,
                           gpointer      user_data)
{
  Call *call = call_new (self, callback, user_data);

  call->unit = g_strdup (unit);
  call->from_us = valid_from_us;
  call->until_us = valid_until_us;
  call->uses = max_uses;
  call->id = guard_id;
  call->name = g_strdup (visitor_name);
  post (self, do_issue_pass, call);
}

static gboolean
do_revoke_pass (gpointer data)
{
  Call *call = data;
  TextMsg *msg = g_new0 (TextMsg, 1);
  g_autoptr(GError) error = NULL;

  msg->host = g_object_ref (call->host);
  msg->callback = call->callback;
  msg->user_data = call->user_data;
  /* NULL text: revoked; otherwise what went wrong. */
  if (!lt_engine_revoke_pass (call->host->engine, call->from_us, call->id, &error))
    msg->text = g_strdup (error->message);
  g_main_context_invoke_full (call->host->ui_context, G_PRIORITY_DEFAULT, deliver_text, msg, text_msg_free);
  return G_SOURCE_REMOVE;
}

void
lt_engine_host_revoke_pass (LtEngineHost *self,
                            gint64        pass_id,
                            gint64        guard_id,
                            LtTextFunc    callback,
                            gpointer      user_data)
{
  Call *call = call_new (self, callback, user_data);

  call->from_us = pass_id;
  call->id = guard_id;
  post (self, do_revoke_pass, call);
}

static gboolean
do_flush (gpointer data)
{
  Call *call = data;
  GMutex *lock = call->user_data;

  g_mutex_lock (lock);
  call->flag = TRUE;
  g_cond_signal (&call->host->started_cond);
  g_mutex_unlock (lock);
  return G_SOURCE_REMOVE;
}

/* Waits until the engine thread has run everything posted before. */
void
lt_engine_host_flush (LtEngineHost *self)
{
  Call *call;

  if (self->stopped)
    return;
  call = call_new (self, NULL, &self->lock);
  g_mutex_lock (&self->lock);
  g_main_context_invoke_full (self->engine_context, G_PRIORITY_DEFAULT, do_flush, call, NULL);
  while (!call->flag)
    g_cond_wait (&self->started_cond, &self->lock);
  g_mutex_unlock (&self->lock);
  call_free (call);
}

/* ---- life cycle ------------------------------------------------------------- */

static gboolean
quit_engine_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Relocks (on the engine thread) and joins it. Safe to call twice. */
void
lt_engine_host_shutdown (LtEngineHost *self)
{
  if (self->stopped || self->thread == NULL)
    return;
  self->stopped = TRUE;
  /* Through the engine's context: a quit sent before its loop runs would
   * be lost, and the join would wait for ever. */
  {
    /* An idle source, not g_main_context_invoke: that may run the quit
     * right here if this thread can acquire the context. */
    g_autoptr(GSource) quit = g_idle_source_new ();

    g_source_set_priority (quit, G_PRIORITY_HIGH);
    g_source_set_callback (quit, quit_engine_loop, self->loop, NULL);
    g_source_attach (quit, self->engine_context);
  }
  g_thread_join (g_steal_pointer (&self->thread));
}

static void
lt_engine_host_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LtEngineHost *self = LT_ENGINE_HOST (object);

  switch (prop_id) {
  case PROP_UNLOCKED:
    g_value_set_boolean (value, self->unlocked);
    break;
  case PROP_OPEN:
    g_value_set_boolean (value, self->open);
    break;
  case PROP_ALARM:
    g_value_set_uint (value, self->alarm);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_engine_host_dispose (GObject *object)
{
  lt_engine_host_shutdown (LT_ENGINE_HOST (object));
  G_OBJECT_CLASS (lt_engine_host_parent_class)->dispose (object);
}

static void
lt_engine_host_finalize (GObject *object)
{
  LtEngineHost *self = LT_ENGINE_HOST (object);

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->engine_context, g_main_context_unref);
  g_clear_pointer (&self->ui_context, g_main_context_unref);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->started_cond);
  G_OBJECT_CLASS (lt_engine_host_parent_class)->finalize (object);
}

static void
lt_engine_host_class_init (LtEngineHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lt_engine_host_get_property;
  object_class->dispose = lt_engine_host_dispose;
  object_class->finalize = lt_engine_host_finalize;

  properties[PROP_UNLOCKED] =
    g_param_spec_boolean ("unlocked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN] =
    g_param_spec_boolean ("open", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALARM] =
    g_param_spec_uint ("alarm", NULL, NULL, LT_ALARM_NONE, LT_N_ALARMS - 1, LT_ALARM_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LtEngineHost::decision:
   * @method: the LtMethod
   * @decision: (type gpointer): the const LtDecision
   *
   * A decision nobody on the screen asked for: a card at a reader.
   */
  signals[DECISION] = g_signal_new ("decision", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_POINTER);
  signals[CARD_CAPTURED] = g_signal_new ("card-captured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[LINE_CHANGED] = g_signal_new ("line-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
lt_engine_host_init (LtEngineHost *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->started_cond);
}

/* Takes the config. Returns once the engine runs (lock line locked,
 * readers listening), or with the engine's error. */
LtEngineHost *
lt_engine_host_new (LtConfig *config,
                    GError  **error)
{
  g_autoptr(LtEngineHost) self = g_object_new (LT_TYPE_ENGINE_HOST, NULL);

  self->config = config;
  self->ui_context = g_main_context_ref_thread_default ();
  self->engine_context = g_main_context_new ();
  self->loop = g_main_loop_new (self->engine_context, FALSE);
  self->thread = g_thread_new ("lintel-engine", engine_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->started_cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL) {
    g_thread_join (g_steal_pointer (&self->thread));
    self->stopped = TRUE;
    g_propagate_error (error, g_steal_pointer (&self->start_error));
    return NULL;
  }
  return g_steal_pointer (&self);
}

const LtConfig *
lt_engine_host_get_config (LtEngineHost *self)
{
  return self->config;
}

gboolean
lt_engine_host_has_simulator (LtEngineHost *self)
{
  return self->simulator;
}

gboolean
lt_engine_host_get_unlocked (LtEngineHost *self)
{
  return self->unlocked;
}

gboolean
lt_engine_host_get_open (LtEngineHost *self)
{
  return self->open;
}

LtAlarm
lt_engine_host_get_alarm (LtEngineHost *self)
{
  return self->alarm;
}

gint64
lt_engine_host_get_relock_time (LtEngineHost *self)
{
  return self->relock_time;
}

gboolean
lt_engine_host_get_line_state (LtEngineHost *self,
                               LtLineRole    role,
                               gboolean     *active)
{
  *active = self->line_active[role];
  return self->line_present[role];
}
