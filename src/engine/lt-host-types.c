/* lt-host-types.c: the typed values the engine host hands to views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-host-types.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (LtHostDecision, lt_host_decision, lt_host_decision_copy, lt_host_decision_free)
G_DEFINE_BOXED_TYPE (LtStaffReply, lt_staff_reply, lt_staff_reply_copy, lt_staff_reply_free)
G_DEFINE_BOXED_TYPE (LtIssuedPass, lt_issued_pass, lt_issued_pass_copy, lt_issued_pass_free)
G_DEFINE_BOXED_TYPE (LtPassInfo, lt_pass_info, lt_pass_info_copy, lt_pass_info_free)

LtPassInfo *
lt_pass_info_copy (const LtPassInfo *info)
{
  LtPassInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->unit = g_strdup (info->unit);
  copy->visitor_name = g_strdup (info->visitor_name);
  copy->phone_last4 = g_strdup (info->phone_last4);
  return copy;
}

void
lt_pass_info_free (LtPassInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->unit);
  g_free (info->visitor_name);
  g_free (info->phone_last4);
  g_free (info);
}

LtHostDecision *
lt_host_decision_new (void)
{
  return g_new0 (LtHostDecision, 1);
}

LtHostDecision *
lt_host_decision_copy (const LtHostDecision *decision)
{
  LtHostDecision *copy;

  g_return_val_if_fail (decision != NULL, NULL);

  copy = g_memdup2 (decision, sizeof *decision);
  copy->unit = g_strdup (decision->unit);
  return copy;
}

void
lt_host_decision_free (LtHostDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->unit);
  g_free (decision);
}

LtStaffReply *
lt_staff_reply_new (void)
{
  return g_new0 (LtStaffReply, 1);
}

LtStaffReply *
lt_staff_reply_copy (const LtStaffReply *reply)
{
  LtStaffReply *copy;

  g_return_val_if_fail (reply != NULL, NULL);

  copy = g_memdup2 (reply, sizeof *reply);
  copy->name = g_strdup (reply->name);
  return copy;
}

void
lt_staff_reply_free (LtStaffReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->name);
  g_free (reply);
}

LtIssuedPass *
lt_issued_pass_copy (const LtIssuedPass *pass)
{
  LtIssuedPass *copy;

  g_return_val_if_fail (pass != NULL, NULL);

  copy = g_new0 (LtIssuedPass, 1);
  copy->pass = pass->pass != NULL ? lt_pass_info_copy (pass->pass) : NULL;
  copy->token = g_strdup (pass->token);
  return copy;
}

void
lt_issued_pass_free (LtIssuedPass *pass)
{
  if (pass == NULL)
    return;
  /* The token opens the door: wipe it. */
  if (pass->token != NULL)
    memset (pass->token, 0, strlen (pass->token));
  g_free (pass->token);
  lt_pass_info_free (pass->pass);
  g_free (pass);
}
