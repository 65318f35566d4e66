/* lintelctl-scan.c: a pass's QR code read from a picture, as the door
 * camera would read it
 *
 * For technicians checking a printed or on-phone pass: each PNG or JPEG
 * file goes through the terminal's own scanner (lt_qr_scan_settings_init),
 * fed as three frames the way the camera holds a picture. One line a file
 * on stdout, in the order given: the decoded text, or "no code". Exit 0
 * when every file decoded, 1 when one did not, 2 when one could not be
 * read (said on stderr).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lintelctl"

#include "lintelctl.h"
#include "lt-image.h"
#include "lt-qr-scanner.h"

#include <glib/gi18n.h>

/* What the camera gets from one picture held in front of it. */
#define FRAMES_A_PICTURE 3

static char *
scan_grey (const guint8 *grey,
           guint         width,
           guint         height)
{
  LtQrScanSettings settings;
  g_autoptr (LtQrScanner) scanner = NULL;
  char *text = NULL;

  lt_qr_scan_settings_init (&settings);
  scanner = lt_qr_scanner_new (&settings);
  for (guint i = 0; i < FRAMES_A_PICTURE && text == NULL; i++)
    text = lt_qr_scanner_scan (scanner, grey, width, height, width);
  return text;
}

static int
run_scan (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  int status = LT_EXIT_OK;

  LT_CTL_PARSE (NULL, -1);
  if (argc < 2)
    return lt_ctl_usage_error (_ ("no picture given; usage: lintelctl scan IMAGE…"));

  for (int i = 1; i < argc; i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (LtImage) image = lt_image_load (argv[i], &error);
    g_autofree guint8 *grey = NULL;
    g_autofree char   *text = NULL;

    if (image == NULL) {
      g_printerr ("lintelctl: %s\n", error->message);
      status = LT_EXIT_ERROR;
      continue;
    }
    grey = lt_image_to_grey (image);
    text = scan_grey (grey, image->width, image->height);
    if (text == NULL) {
      /* A contract with scripts: not translated. */
      g_print ("no code\n");
      if (status == LT_EXIT_OK)
        status = LT_EXIT_DENIED;
      continue;
    }
    /* One line a file, whatever the code holds. */
    g_strdelimit (text, "\r\n", ' ');
    g_print ("%s\n", text);
  }
  return status;
}

const LtCtlCommand lt_ctl_scan_commands[] = {
  { "scan", NULL, N_ ("IMAGE…"),
    N_ ("Read the QR code in PNG or JPEG pictures as the door camera would; one line a picture"),
    run_scan },
  { NULL }
};
