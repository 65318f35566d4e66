/* lt-reader.c: the staff screens' queries, on a reading connection
 *
 * The engine thread owns the one writing connection. What the guard and
 * maintenance screens read comes from a connection of this object's,
 * opened on first use and used by one worker thread at a time, so neither
 * the screen's thread nor the door's waits on the disk. Each call takes a
 * GTask (its source object the caller's) and returns the answer through
 * it; the task is consumed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-reader"

#include "lt-reader.h"
#include "lt-access.h"
#include "lt-host.h"
#include "lt-store.h"

/* More active passes than a guard's screen can list are a mistake; the
 * list says how many it shows. */
#define PASS_LIMIT 100

struct _LtReader {
  GObject  parent_instance;
  char    *database;
  GMutex   lock;
  LtStore *store; /* under lock */
};

G_DEFINE_FINAL_TYPE (LtReader, lt_reader, G_TYPE_OBJECT)

typedef void (*QueryFunc) (LtStore *store,
                           GTask   *task,
                           gpointer data);

typedef struct {
  LtReader *reader;
  QueryFunc func;
  gint64    since_us;
  guint     limit;
  char     *unit;
  char     *door;
  char     *keypad;
} Query;

static void
query_free (gpointer data)
{
  Query *query = data;

  g_object_unref (query->reader);
  g_free (query->unit);
  g_free (query->door);
  g_free (query->keypad);
  g_free (query);
}

static void
run_query (GTask        *task,
           gpointer      source,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Query    *query = task_data;
  LtReader *self = query->reader;
  GError   *error = NULL;

  g_mutex_lock (&self->lock);
  if (self->store == NULL)
    self->store = lt_store_open_reader (self->database, &error);
  if (self->store == NULL)
    g_task_return_error (task, error);
  else
    query->func (self->store, task, query);
  g_mutex_unlock (&self->lock);
}

static Query *
start (LtReader *self,
       GTask    *task,
       QueryFunc func)
{
  Query *query = g_new0 (Query, 1);

  query->reader = g_object_ref (self);
  query->func = func;
  g_task_set_task_data (task, query, query_free);
  return query;
}

static void
run (GTask *task)
{
  g_task_run_in_thread (task, run_query);
  g_object_unref (task);
}

/* The newest first, with the subject's name and kind (one query, a JOIN). */
static void
query_events (LtStore *store,
              GTask   *task,
              gpointer data)
{
  Query       *query = data;
  LtEventQuery event_query = { 0 };
  GError      *error = NULL;
  GPtrArray   *events;

  event_query.since_us = query->since_us;
  event_query.limit = query->limit;
  events = lt_store_query_events (store, &event_query, &error);
  if (events == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, events, (GDestroyNotify)g_ptr_array_unref);
}

void
lt_reader_list_events (LtReader *self,
                       GTask    *task,
                       gint64    since_us,
                       guint     limit)
{
  Query *query;

  g_return_if_fail (LT_IS_READER (self));
  g_return_if_fail (G_IS_TASK (task));

  query = start (self, task, query_events);
  query->since_us = since_us;
  query->limit = limit;
  run (task);
}

LtPassInfo *
lt_pass_info_new_for_pass (const LtPass *pass)
{
  LtPassInfo *info;

  g_return_val_if_fail (pass != NULL, NULL);

  info = g_new0 (LtPassInfo, 1);
  info->id = pass->id;
  info->unit = g_strdup (pass->unit);
  info->visitor_name = g_strdup (pass->visitor_name);
  info->valid_from_us = pass->valid_from_us;
  info->valid_until_us = pass->valid_until_us;
  info->max_uses = pass->max_uses;
  info->uses = pass->uses;
  info->phone_last4 = g_strdup (pass->phone_last4);
  info->revoked_at_us = pass->revoked_at_us;
  info->issued_here = pass->issued_at_us != 0;
  return info;
}

static void
return_passes (GTask             *task,
               LtStore           *store,
               const LtPassQuery *query)
{
  GError *error = NULL;
  g_autoptr (GPtrArray) passes = lt_pass_query (store, query, &error);
  GPtrArray *infos;

  if (passes == NULL) {
    g_task_return_error (task, error);
    return;
  }
  infos = g_ptr_array_new_full (passes->len, (GDestroyNotify)lt_pass_info_free);
  for (guint i = 0; i < passes->len; i++)
    g_ptr_array_add (infos, lt_pass_info_new_for_pass (g_ptr_array_index (passes, i)));
  g_task_return_pointer (task, infos, (GDestroyNotify)g_ptr_array_unref);
}

/* Active and pending passes, by start; each an LtPassInfo. */
static void
query_passes (LtStore *store,
              GTask   *task,
              gpointer data)
{
  return_passes (task, store, &(LtPassQuery){ LT_PASS_FILTER_ACTIVE, 0, PASS_LIMIT });
}

void
lt_reader_list_passes (LtReader *self,
                       GTask    *task)
{
  g_return_if_fail (LT_IS_READER (self));
  g_return_if_fail (G_IS_TASK (task));

  start (self, task, query_passes);
  run (task);
}

/* Used up, expired and revoked passes, the latest first. */
static void
query_pass_history (LtStore *store,
                    GTask   *task,
                    gpointer data)
{
  guint limit = ((Query *)data)->limit;

  return_passes (task, store, &(LtPassQuery){ LT_PASS_FILTER_HISTORY, 0, MIN (limit, PASS_LIMIT) });
}

void
lt_reader_list_pass_history (LtReader *self,
                             GTask    *task,
                             guint     limit)
{
  g_return_if_fail (LT_IS_READER (self));
  g_return_if_fail (G_IS_TASK (task));

  start (self, task, query_pass_history)->limit = limit > 0 ? limit : PASS_LIMIT;
  run (task);
}

static void
query_unit (LtStore *store,
            GTask   *task,
            gpointer data)
{
  g_task_return_boolean (task, lt_store_unit_exists (store, ((Query *)data)->unit));
}

void
lt_reader_unit_exists (LtReader   *self,
                       GTask      *task,
                       const char *unit)
{
  g_return_if_fail (LT_IS_READER (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (unit != NULL);

  start (self, task, query_unit)->unit = g_strdup (unit);
  run (task);
}

static void
query_storage (LtStore *store,
               GTask   *task,
               gpointer data)
{
  g_autoptr (LtStorageStatus) status = g_new0 (LtStorageStatus, 1);
  GError *error = NULL;

  status->integrity = lt_store_check_integrity (store, &error);
  if (status->integrity != NULL)
    status->events = lt_store_count_events (store, &error);
  if (error == NULL)
    status->last_backup_us = lt_store_last_backup (store, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&status), (GDestroyNotify)lt_storage_status_free);
}

void
lt_reader_check_storage (LtReader *self,
                         GTask    *task)
{
  g_return_if_fail (LT_IS_READER (self));
  g_return_if_fail (G_IS_TASK (task));

  start (self, task, query_storage);
  run (task);
}

/* The counters a PIN decision checks first; nothing about the unit
 * itself is looked up. */
static void
query_pin_wait (LtStore *store,
                GTask   *task,
                gpointer data)
{
  Query  *query = data;
  GError *error = NULL;
  guint   wait = 0;

  if (!lt_access_pin_wait (store, query->door, query->keypad, query->unit, 0, &wait, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize)MIN (wait, (guint)G_MAXINT));
}

void
lt_reader_pin_wait (LtReader   *self,
                    GTask      *task,
                    const char *door,
                    const char *reader,
                    const char *unit)
{
  Query *query;

  g_return_if_fail (LT_IS_READER (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (door != NULL && unit != NULL);

  query = start (self, task, query_pin_wait);
  query->door = g_strdup (door);
  query->keypad = g_strdup (reader);
  query->unit = g_strdup (unit);
  run (task);
}

static void
lt_reader_finalize (GObject *object)
{
  LtReader *self = LT_READER (object);

  g_clear_object (&self->store);
  g_free (self->database);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (lt_reader_parent_class)->finalize (object);
}

static void
lt_reader_class_init (LtReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_reader_finalize;
}

static void
lt_reader_init (LtReader *self)
{
  g_mutex_init (&self->lock);
}

LtReader *
lt_reader_new (const char *database)
{
  LtReader *self;

  g_return_val_if_fail (database != NULL, NULL);

  self = g_object_new (LT_TYPE_READER, NULL);
  self->database = g_strdup (database);
  return self;
}
