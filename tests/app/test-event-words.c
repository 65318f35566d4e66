/* test-event-words.c: the guard screen's event list, in words
 *
 * The words come from the typed kind and result; a subject is its kind
 * and number, never a name; what the list leaves out is NULL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-decision-words.h"
#include "lt-event-words.h"
#include "lt-pass-words.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

static LtEvent
event (LtEventKind   kind,
       LtEventResult result,
       const char   *method,
       const char   *reason)
{
  LtEvent e = { 0 };

  e.kind = kind;
  e.result = result;
  e.method = (char *)method;
  e.reason = (char *)reason;
  return e;
}

static void
test_decisions (void)
{
  LtEvent          e = event (LT_EVENT_KIND_DECISION, LT_EVENT_RESULT_GRANTED, "card", "ok");
  g_autofree char *granted = NULL;
  g_autofree char *denied = NULL;
  g_autofree char *stranger = NULL;

  e.subject_id = 12;
  e.subject_name = (char *)"Wang Fang";
  e.subject_kind = LT_PERSON_RESIDENT;
  granted = lt_event_words (&e);
  g_assert_cmpstr (granted, ==, "Resident 12 — card — granted");
  /* The name is known to the store, never shown. */
  g_assert_null (strstr (granted, "Wang"));

  e = event (LT_EVENT_KIND_DECISION, LT_EVENT_RESULT_DENIED, "pin", "wrong-pin");
  denied = lt_event_words (&e);
  g_assert_cmpstr (denied, ==, "PIN — denied (wrong PIN)");

  /* Somebody the store no longer knows. */
  e = event (LT_EVENT_KIND_DECISION, LT_EVENT_RESULT_GRANTED, "qr", "ok");
  e.subject_id = 7;
  stranger = lt_event_words (&e);
  g_assert_cmpstr (stranger, ==, "Person 7 — QR pass — granted");
}

static void
test_hidden (void)
{
  LtEvent lock = event (LT_EVENT_KIND_DOOR, LT_EVENT_RESULT_UNLOCKED, NULL, "lock");
  LtEvent admin = event (LT_EVENT_KIND_ADMIN, LT_EVENT_RESULT_OK, "admin", NULL);
  LtEvent duress = event (LT_EVENT_KIND_ALARM, LT_EVENT_RESULT_RAISED, NULL, "duress");

  /* Lock changes follow every grant; lintelctl's work is not access; the
   * duress alarm stays silent on a screen that faces the door. */
  g_assert_null (lt_event_words (&lock));
  g_assert_null (lt_event_words (&admin));
  g_assert_null (lt_event_words (&duress));
}

static void
test_door_and_alarms (void)
{
  LtEvent          exit = event (LT_EVENT_KIND_DOOR, LT_EVENT_RESULT_GRANTED, "exit", "exit-button");
  LtEvent          fault = event (LT_EVENT_KIND_DOOR, LT_EVENT_RESULT_FAILED, "exit", "lock-fault");
  LtEvent          forced = event (LT_EVENT_KIND_ALARM, LT_EVENT_RESULT_RAISED, NULL, "forced");
  LtEvent          acknowledged = event (LT_EVENT_KIND_ALARM, LT_EVENT_RESULT_ACKNOWLEDGED, NULL, "held");
  g_autofree char *exit_words = lt_event_words (&exit);
  g_autofree char *fault_words = lt_event_words (&fault);
  g_autofree char *forced_words = lt_event_words (&forced);
  g_autofree char *ack_words = NULL;

  acknowledged.subject_id = 3;
  ack_words = lt_event_words (&acknowledged);
  g_assert_cmpstr (exit_words, ==, "exit button — door released");
  g_assert_cmpstr (fault_words, ==, "exit button — lock fault: the door did not unlock");
  g_assert_cmpstr (forced_words, ==, "alarm raised: door forced open");
  g_assert_cmpstr (ack_words, ==, "Guard 3 acknowledged the alarm: door held open");
}

static void
test_passes (void)
{
  LtEvent          issued = event (LT_EVENT_KIND_PASS, LT_EVENT_RESULT_ISSUED, "qr", "guard");
  LtEvent          revoked = event (LT_EVENT_KIND_PASS, LT_EVENT_RESULT_REVOKED, "qr", "guard");
  g_autofree char *issued_words = NULL;
  g_autofree char *revoked_words = NULL;

  /* The unit comes from the event's own column, not from its detail. */
  issued.unit = (char *)"3-1203";
  issued.detail = (char *)"unit=9-999";
  issued.subject_id = 2;
  issued.subject_name = (char *)"Zhou";
  issued.subject_kind = LT_PERSON_GUARD;
  issued_words = lt_event_words (&issued);
  revoked_words = lt_event_words (&revoked);
  g_assert_cmpstr (issued_words, ==, "Guard 2 — visitor pass issued for unit 3-1203");
  g_assert_cmpstr (revoked_words, ==, "visitor pass revoked");
}

static void
test_readers_and_system (void)
{
  LtEvent          rejected = event (LT_EVENT_KIND_READER, LT_EVENT_RESULT_REJECTED, "card", "parity");
  LtEvent          connected = event (LT_EVENT_KIND_READER, LT_EVENT_RESULT_CONNECTED, NULL, "usb");
  LtEvent          started = event (LT_EVENT_KIND_SYSTEM, LT_EVENT_RESULT_STARTED, NULL, "sim");
  LtEvent          unknown = event (LT_EVENT_KIND_UNKNOWN, LT_EVENT_RESULT_UNKNOWN, NULL, NULL);
  g_autofree char *rejected_words = lt_event_words (&rejected);
  g_autofree char *connected_words = lt_event_words (&connected);
  g_autofree char *started_words = lt_event_words (&started);
  g_autofree char *unknown_words = lt_event_words (&unknown);

  g_assert_cmpstr (rejected_words, ==, "card read rejected (parity error)");
  g_assert_cmpstr (connected_words, ==, "card reader connected");
  g_assert_cmpstr (started_words, ==, "terminal started");
  /* A kind this Lintel has no words for still gives a line. */
  g_assert_nonnull (unknown_words);
}

/* The result screen never tells whether a unit exists. */
static void
test_denials (void)
{
  LtHostDecision   wrong = { .method = LT_METHOD_PIN, .reason = LT_REASON_WRONG_PIN };
  LtHostDecision   unknown = { .method = LT_METHOD_PIN, .reason = LT_REASON_UNKNOWN_CREDENTIAL };
  LtHostDecision   seconds = { .method = LT_METHOD_PIN, .reason = LT_REASON_LOCKED_OUT, .retry_after_s = 30 };
  LtHostDecision   minutes = { .method = LT_METHOD_PIN, .reason = LT_REASON_LOCKED_OUT, .retry_after_s = 600 };
  LtHostDecision   expired_pass = { .method = LT_METHOD_QR, .reason = LT_REASON_EXPIRED };
  LtHostDecision   expired_card = { .method = LT_METHOD_CARD, .reason = LT_REASON_EXPIRED };
  g_autofree char *a = lt_denial_words (LT_METHOD_PIN, &wrong);
  g_autofree char *b = lt_denial_words (LT_METHOD_PIN, &unknown);
  g_autofree char *c = lt_denial_words (LT_METHOD_PIN, &seconds);
  g_autofree char *d = lt_denial_words (LT_METHOD_PIN, &minutes);
  g_autofree char *e = lt_denial_words (LT_METHOD_QR, &expired_pass);
  g_autofree char *f = lt_denial_words (LT_METHOD_CARD, &expired_card);
  g_autofree char *countdown = lt_countdown_words (1);

  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (c, "30 seconds"));
  g_assert_nonnull (strstr (d, "10 minutes"));
  g_assert_nonnull (strstr (e, "guard"));
  g_assert_cmpstr (e, !=, f);
  g_assert_cmpstr (countdown, ==, "Please go in: the door locks again in 1 second");
}

/* From the 3rd failure a denial says how many tries are left and how
 * long the lockout then is; the failure that locks says the wait. The
 * words are the same for a unit that does not exist. */
static void
test_attempts_left (void)
{
  LtHostDecision   wrong = { .method = LT_METHOD_PIN, .reason = LT_REASON_WRONG_PIN, .attempts_left = 2, .lockout_s = 30 };
  LtHostDecision   unknown = { .method = LT_METHOD_PIN, .reason = LT_REASON_UNKNOWN_CREDENTIAL, .attempts_left = 2, .lockout_s = 30 };
  LtHostDecision   last = { .method = LT_METHOD_PIN, .reason = LT_REASON_WRONG_PIN, .attempts_left = 1, .lockout_s = 300 };
  LtHostDecision   locking = { .method = LT_METHOD_PIN, .reason = LT_REASON_WRONG_PIN, .retry_after_s = 30 };
  g_autofree char *a = lt_denial_words (LT_METHOD_PIN, &wrong);
  g_autofree char *b = lt_denial_words (LT_METHOD_PIN, &unknown);
  g_autofree char *c = lt_denial_words (LT_METHOD_PIN, &last);
  g_autofree char *d = lt_denial_words (LT_METHOD_PIN, &locking);
  g_autofree char *zh = NULL;

  g_assert_cmpstr (a, ==, b);
  g_assert_true (g_str_has_suffix (a, "\n2 tries left, then a 30-second wait."));
  g_assert_true (g_str_has_suffix (c, "\n1 try left, then a 5-minute wait."));
  g_assert_cmpstr (d, ==, "Too many attempts. Please wait 30 seconds and try again.");

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  textdomain (GETTEXT_PACKAGE);
  zh = lt_denial_words (LT_METHOD_PIN, &wrong);
  g_setenv ("LANGUAGE", "en", TRUE);
  textdomain (GETTEXT_PACKAGE);
  g_assert_nonnull (strstr (zh, "还可再试 2 次，之后需等待 30 秒。"));
}

static void
test_pass_words (void)
{
  g_autofree char *one = lt_pass_entries_words (1);
  g_autofree char *any = lt_pass_entries_words (0);
  g_autofree char *left = lt_pass_entries_left_words (2, 5);

  g_assert_cmpstr (one, ==, "1 entry");
  g_assert_cmpstr (any, ==, "unlimited entries");
  /* Used more often than allowed (another terminal): none left, not a wrap. */
  g_assert_cmpstr (left, ==, "0 entries left");
}

static void
test_translated (void)
{
  LtEvent          e = event (LT_EVENT_KIND_DECISION, LT_EVENT_RESULT_DENIED, "pin", "wrong-pin");
  g_autofree char *words = NULL;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  textdomain (GETTEXT_PACKAGE);
  words = lt_event_words (&e);
  g_setenv ("LANGUAGE", "en", TRUE);
  textdomain (GETTEXT_PACKAGE);
  g_assert_nonnull (words);
  g_assert_null (strstr (words, "denied"));
}

/* The guard's list names people ([guard] show-names), gives the unit of a
 * wrong PIN, says which pass was revoked and shows calls for help. */
static void
test_guard_list_words (void)
{
  LtEvent          grant = event (LT_EVENT_KIND_DECISION, LT_EVENT_RESULT_GRANTED, "pin", "ok");
  LtEvent          wrong = event (LT_EVENT_KIND_DECISION, LT_EVENT_RESULT_DENIED, "pin", "wrong-pin");
  LtEvent          revoke = event (LT_EVENT_KIND_PASS, LT_EVENT_RESULT_REVOKED, NULL, NULL);
  LtEvent          help = event (LT_EVENT_KIND_HELP, LT_EVENT_RESULT_RAISED, NULL, "lobby");
  g_autofree char *named = NULL;
  g_autofree char *numbered = NULL;
  g_autofree char *wrong_words = NULL;
  g_autofree char *revoke_words = NULL;
  g_autofree char *help_words = NULL;

  grant.subject_id = 3;
  grant.subject_name = (char *)"Wang Fang";
  grant.subject_kind = LT_PERSON_RESIDENT;
  grant.unit = (char *)"1-101";
  named = lt_event_words_named (&grant, TRUE);
  numbered = lt_event_words_named (&grant, FALSE);
  g_assert_cmpstr (named, ==, "Wang Fang, unit 1-101 — PIN — granted");
  g_assert_null (strstr (numbered, "Wang Fang"));
  g_assert_nonnull (strstr (numbered, "Resident 3"));

  wrong.unit = (char *)"1-101";
  wrong_words = lt_event_words_named (&wrong, TRUE);
  g_assert_nonnull (strstr (wrong_words, "unit 1-101"));

  revoke.pass_id = 42;
  revoke.unit = (char *)"2-202";
  revoke_words = lt_event_words_named (&revoke, TRUE);
  g_assert_nonnull (strstr (revoke_words, "visitor pass 42 for unit 2-202 revoked"));
  {
    LtEvent          restored = event (LT_EVENT_KIND_PASS, LT_EVENT_RESULT_RESTORED, NULL, NULL);
    g_autofree char *restored_words = NULL;
    g_autofree char *bare_words = NULL;

    /* Which pass, also when the unit is not known. */
    revoke.unit = NULL;
    bare_words = lt_event_words_named (&revoke, TRUE);
    g_assert_nonnull (strstr (bare_words, "visitor pass 42 revoked"));
    restored.pass_id = 42;
    restored.unit = (char *)"2-202";
    restored_words = lt_event_words_named (&restored, TRUE);
    g_assert_nonnull (strstr (restored_words, "revocation of visitor pass 42 for unit 2-202 undone"));
  }

  {
    LtEvent          ack = event (LT_EVENT_KIND_ALARM, LT_EVENT_RESULT_ACKNOWLEDGED, NULL, "tamper");
    g_autofree char *ack_words = NULL;

    ack.subject_id = 5;
    ack.subject_name = (char *)"Zhou Min";
    ack.subject_kind = LT_PERSON_GUARD;
    ack_words = lt_event_words_named (&ack, TRUE);
    g_assert_nonnull (strstr (ack_words, "Guard Zhou Min acknowledged the alarm"));
  }
  help_words = lt_event_words (&help);
  g_assert_cmpstr (help_words, ==, "someone at the door asked for a guard");
}

/* Hardware states say what they mean (a healthy lock never reads as a
 * fault), the guard's header names the door, each failure its cause. */
static void
test_state_words (void)
{
  LtHostDecision   unknown = { .reason = LT_REASON_UNKNOWN_CREDENTIAL };
  g_autofree char *card = lt_denial_words (LT_METHOD_CARD, &unknown);
  g_autofree char *pin = lt_denial_words (LT_METHOD_PIN, &unknown);
  g_autofree char *header = lt_door_state_words (FALSE, TRUE, FALSE);
  g_autofree char *unwired = lt_door_state_words (TRUE, FALSE, FALSE);

  g_assert_cmpstr (header, ==, "Door locked · closed");
  g_assert_cmpstr (unwired, ==, "Door unlocked · contact not wired");
  g_assert_cmpstr (lt_line_state_words (LT_LINE_LOCK, TRUE, TRUE), ==, "locked");
  g_assert_cmpstr (lt_line_state_words (LT_LINE_CONTACT, TRUE, TRUE), ==, "open");
  g_assert_cmpstr (lt_line_state_words (LT_LINE_EXIT_BUTTON, FALSE, TRUE), ==, "released");
  g_assert_cmpstr (lt_line_state_words (LT_LINE_TAMPER, FALSE, TRUE), ==, "normal");
  g_assert_cmpstr (lt_alarm_short_words (LT_ALARM_NONE), ==, "none");
  g_assert_cmpstr (card, !=, pin);
  g_assert_null (strstr (pin, "card"));
  g_assert_nonnull (strstr (card, "card"));
  g_assert_cmpstr (lt_staff_denial_words (), !=, pin);

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  textdomain (GETTEXT_PACKAGE);
  {
    g_autofree char *zh_header = lt_door_state_words (TRUE, TRUE, FALSE);

    g_assert_cmpstr (lt_line_state_words (LT_LINE_LOCK, TRUE, TRUE), ==, "已上锁");
    g_assert_cmpstr (lt_line_state_words (LT_LINE_TAMPER, FALSE, TRUE), ==, "正常");
    g_assert_cmpstr (lt_alarm_short_words (LT_ALARM_NONE), ==, "无");
    /* Unlocked is not open. */
    g_assert_cmpstr (zh_header, ==, "门已解锁 · 门已关");
  }
  g_setenv ("LANGUAGE", "en", TRUE);
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LINTEL_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/event-words/decisions", test_decisions);
  g_test_add_func ("/app/event-words/hidden", test_hidden);
  g_test_add_func ("/app/event-words/door-and-alarms", test_door_and_alarms);
  g_test_add_func ("/app/event-words/passes", test_passes);
  g_test_add_func ("/app/event-words/readers-and-system", test_readers_and_system);
  g_test_add_func ("/app/event-words/translated", test_translated);
  g_test_add_func ("/app/decision-words/denials", test_denials);
  g_test_add_func ("/app/decision-words/attempts-left", test_attempts_left);
  g_test_add_func ("/app/decision-words/states", test_state_words);
  g_test_add_func ("/app/event-words/guard-list", test_guard_list_words);
  g_test_add_func ("/app/pass-words/entries", test_pass_words);
  return g_test_run ();
}
