/* lt-engine-log.c: the engine keeps its event log bounded
 *
 * Once at start and then once a day the log is pruned to [store]
 * event-retention-days and event-max-rows. Reader rejects (line noise, a
 * flooding reader, an attacker's frames) are logged per reader and reason
 * at most twice a minute: the first at once, the rest as one event with
 * their count when the minute ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-engine"

#include "lt-engine-private.h"
#include "lt-method.h"
#include "lt-time.h"

#define PRUNE_INTERVAL_S (24 * 60 * 60)
#define REJECT_WINDOW_MS (60 * 1000)

static gboolean
on_prune (gpointer user_data)
{
  LtEngine *self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 before = g_get_real_time () - (gint64)self->config->event_retention_days * 86400 * G_USEC_PER_SEC;
  guint  pruned = 0;

  if (!lt_store_prune_events (self->store, before, self->config->event_max_rows, &pruned, &error))
    g_warning ("Could not prune the event log: %s", error->message);
  else if (pruned > 0)
    g_message ("Pruned %u old events from the log", pruned);
  return G_SOURCE_CONTINUE;
}

/* The summary of a minute's further rejects: one event per reader and
 * reason, with their count. */
static gboolean
on_reject_window (gpointer user_data)
{
  LtEngine      *self = user_data;
  GHashTableIter iter;
  gpointer       key, value;

  g_clear_pointer (&self->reject_timer, g_source_unref);
  g_hash_table_iter_init (&iter, self->rejects);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    g_auto (GStrv) parts = g_strsplit (key, "\n", 2);
    guint            more = GPOINTER_TO_UINT (value) - 1;
    g_autofree char *detail = NULL;

    if (more == 0)
      continue;
    detail = g_strdup_printf ("%s count=%u", parts[0], more);
    lt_engine_record (self, LT_EVENT_KIND_READER, lt_method_to_string (LT_METHOD_CARD), LT_EVENT_RESULT_REJECTED,
                      parts[1], 0, detail);
  }
  g_hash_table_remove_all (self->rejects);
  return G_SOURCE_REMOVE;
}

void
lt_engine_log_reject (LtEngine   *self,
                      const char *reader,
                      const char *reason)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", reader, reason);
  guint            count = GPOINTER_TO_UINT (g_hash_table_lookup (self->rejects, key));

  /* Never a grant, never the bits: a reader problem a technician can see. */
  if (count == 0)
    lt_engine_record (self, LT_EVENT_KIND_READER, lt_method_to_string (LT_METHOD_CARD), LT_EVENT_RESULT_REJECTED,
                      reason, 0, reader);
  g_hash_table_insert (self->rejects, g_steal_pointer (&key), GUINT_TO_POINTER (MIN (count + 1, G_MAXUINT - 1)));
  if (self->reject_timer == NULL)
    self->reject_timer = lt_timeout_source_add (REJECT_WINDOW_MS, on_reject_window, self);
}

void
lt_engine_log_start (LtEngine *self)
{
  self->rejects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  on_prune (self);
  self->prune_timer = g_timeout_source_new_seconds (PRUNE_INTERVAL_S);
  g_source_set_callback (self->prune_timer, on_prune, self, NULL);
  g_source_attach (self->prune_timer, NULL);
}

/* The counted rejects are written before the engine goes. */
void
lt_engine_log_stop (LtEngine *self)
{
  if (self->rejects == NULL)
    return;
  if (self->reject_timer != NULL) {
    lt_clear_source (&self->reject_timer);
    on_reject_window (self);
  }
  lt_clear_source (&self->prune_timer);
  g_clear_pointer (&self->rejects, g_hash_table_unref);
}
