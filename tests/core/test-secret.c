/* test-secret.c: the device secret file and the keyed hashes made with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  char *dir;
  char *key_dir;
  char *key_path;
} SecretFixture;

static void
secret_setup (SecretFixture *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("lintel-secret-XXXXXX", &error);
  g_assert_no_error (error);
  /* Two levels that do not exist yet: create must make them. */
  fixture->key_dir = g_build_filename (fixture->dir, "etc", "keys", NULL);
  fixture->key_path = g_build_filename (fixture->key_dir, LT_SECRET_FILE, NULL);
}

static void
secret_teardown (SecretFixture *fixture,
                 gconstpointer  data)
{
  lt_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->key_dir);
  g_free (fixture->key_path);
}

static void
write_key_file (SecretFixture *fixture,
                gsize          size)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *bytes = g_malloc0 (size + 1);

  memset (bytes, 'k', size);
  g_assert_cmpint (g_mkdir_with_parents (fixture->key_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->key_path, bytes, (gssize)size, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fixture->key_path, 0600), ==, 0);
}

static void
test_create_load (SecretFixture *fixture,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtSecret) first = NULL;
  g_autoptr (LtSecret) second = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autofree char *contents = NULL;
  guint8           a[LT_HASH_BYTES], b[LT_HASH_BYTES];
  const char      *name;
  guint            n_files = 0;
  gsize            size = 0;
  struct stat      st;

  g_assert_true (lt_secret_create (fixture->key_dir, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (fixture->key_path, &contents, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size, ==, LT_SECRET_BYTES);

  /* The key is random, not a run of one byte. */
  {
    gboolean all_same = TRUE;
    for (gsize i = 1; i < size; i++)
      all_same = all_same && contents[i] == contents[0];
    g_assert_false (all_same);
  }

  /* No temporary file is left next to the key. */
  dir = g_dir_open (fixture->key_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL) {
    g_assert_cmpstr (name, ==, LT_SECRET_FILE);
    n_files++;
  }
  g_assert_cmpuint (n_files, ==, 1);

  first = lt_secret_load (fixture->key_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  second = lt_secret_load (fixture->key_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);

  /* The same key file gives the same hashes, load after load. */
  lt_secret_hash (first, "pin", 7, "1234", a);
  lt_secret_hash (second, "pin", 7, "1234", b);
  g_assert_true (lt_hash_equal (a, b));
  g_assert_cmpmem (a, sizeof a, b, sizeof b);

  /* The key itself never shows up in a hash output. */
  g_assert_true (memcmp (a, contents, LT_HASH_BYTES) != 0);

  g_assert_cmpint (g_stat (fixture->key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fixture->key_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_create_twice_refused (SecretFixture *fixture,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize            before_size = 0, after_size = 0;

  g_assert_true (lt_secret_create (fixture->key_dir, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->key_path, &before, &before_size, &error));
  g_assert_no_error (error);

  g_assert_false (lt_secret_create (fixture->key_dir, &error));
  g_assert_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, fixture->key_path));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (fixture->key_path, &after, &after_size, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_size, after, after_size);
}

static void
test_missing (SecretFixture *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtSecret) secret = NULL;

  /* Neither the directory nor the file exist. */
  secret = lt_secret_load (fixture->key_dir, &error);
  g_assert_null (secret);
  g_assert_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, fixture->key_path));
  g_assert_nonnull (strstr (error->message, "lintelctl init"));
  g_assert_nonnull (strstr (error->message, "key-dir"));
  g_clear_error (&error);

  /* An empty directory is the same. */
  g_assert_cmpint (g_mkdir_with_parents (fixture->key_dir, 0700), ==, 0);
  secret = lt_secret_load (fixture->key_dir, &error);
  g_assert_null (secret);
  g_assert_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_MISSING);
}

static void
test_wrong_size (SecretFixture *fixture,
                 gconstpointer  data)
{
  static const gsize sizes[] = { 0, 1, LT_SECRET_BYTES - 1, LT_SECRET_BYTES + 1, 64 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (LtSecret) secret = NULL;
    g_autofree char *expected = g_strdup_printf ("%d bytes", LT_SECRET_BYTES);

    write_key_file (fixture, sizes[i]);
    secret = lt_secret_load (fixture->key_dir, &error);
    g_assert_null (secret);
    g_assert_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, fixture->key_path));
    g_assert_nonnull (strstr (error->message, expected));
  }

  /* The right size loads. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (LtSecret) secret = NULL;

    write_key_file (fixture, LT_SECRET_BYTES);
    secret = lt_secret_load (fixture->key_dir, &error);
    g_assert_no_error (error);
    g_assert_nonnull (secret);
  }
}

/* A device key others can read gives them every PIN with the database:
 * start-up refuses it and says what to run. */
static void
test_readable_by_others_refused (SecretFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtSecret) secret = NULL;

  g_assert_true (lt_secret_create (fixture->key_dir, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++) {
    g_assert_cmpint (g_chmod (fixture->key_path, i == 0 ? 0644 : 0640), ==, 0);
    secret = lt_secret_load (fixture->key_dir, &error);
    g_assert_null (secret);
    g_assert_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_UNSAFE);
    g_assert_nonnull (strstr (error->message, "chmod 600"));
    g_clear_error (&error);
  }
  g_assert_cmpint (g_chmod (fixture->key_path, 0600), ==, 0);
  secret = lt_secret_load (fixture->key_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
}

/* A FIFO in place of the key is refused at once: opening it for reading
 * would wait for a writer forever. */
static void
test_fifo_refused (SecretFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtSecret) secret = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fixture->key_dir, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fixture->key_path, 0600), ==, 0);
  secret = lt_secret_load (fixture->key_dir, &error);
  g_assert_null (secret);
  g_assert_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_UNSAFE);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
}

static void
test_hash_separation (void)
{
  g_autoptr (LtSecret) secret = lt_secret_new_random ();
  g_autoptr (LtSecret) other = lt_secret_new_random ();
  guint8 base[LT_HASH_BYTES], again[LT_HASH_BYTES], h[LT_HASH_BYTES];

  lt_secret_hash (secret, "pin", 1, "1234", base);
  lt_secret_hash (secret, "pin", 1, "1234", again);
  g_assert_true (lt_hash_equal (base, again));

  /* Domain: a PIN hash never matches a card hash of the same text. */
  lt_secret_hash (secret, "card", 1, "1234", h);
  g_assert_false (lt_hash_equal (base, h));

  /* Subject: two people with the same PIN have different hashes. */
  lt_secret_hash (secret, "pin", 2, "1234", h);
  g_assert_false (lt_hash_equal (base, h));
  lt_secret_hash (secret, "pin", 0, "1234", h);
  g_assert_false (lt_hash_equal (base, h));
  lt_secret_hash (secret, "pin", (gint64)1 << 32 | 1, "1234", h);
  g_assert_false (lt_hash_equal (base, h));

  /* Data. */
  lt_secret_hash (secret, "pin", 1, "1235", h);
  g_assert_false (lt_hash_equal (base, h));
  lt_secret_hash (secret, "pin", 1, "12345", h);
  g_assert_false (lt_hash_equal (base, h));
  lt_secret_hash (secret, "pin", 1, "", h);
  g_assert_false (lt_hash_equal (base, h));

  /* The domain is terminated, so it cannot run into the subject. */
  lt_secret_hash (secret, "pi", 1, "1234", h);
  g_assert_false (lt_hash_equal (base, h));

  /* Key: another device's secret gives another hash. */
  lt_secret_hash (other, "pin", 1, "1234", h);
  g_assert_false (lt_hash_equal (base, h));
}

static void
test_hash_equal (void)
{
  guint8 a[LT_HASH_BYTES], b[LT_HASH_BYTES];

  for (guint i = 0; i < LT_HASH_BYTES; i++)
    a[i] = b[i] = (guint8)(i * 7 + 3);
  g_assert_true (lt_hash_equal (a, b));

  b[0] ^= 1;
  g_assert_false (lt_hash_equal (a, b));
  b[0] ^= 1;
  g_assert_true (lt_hash_equal (a, b));

  b[LT_HASH_BYTES - 1] ^= 0x80;
  g_assert_false (lt_hash_equal (a, b));
  b[LT_HASH_BYTES - 1] ^= 0x80;

  b[LT_HASH_BYTES / 2] = (guint8)~b[LT_HASH_BYTES / 2];
  g_assert_false (lt_hash_equal (a, b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_true (lt_crypto_init (NULL));

  g_test_add ("/core/secret/create-load", SecretFixture, NULL,
              secret_setup, test_create_load, secret_teardown);
  g_test_add ("/core/secret/create-twice-refused", SecretFixture, NULL,
              secret_setup, test_create_twice_refused, secret_teardown);
  g_test_add ("/core/secret/missing", SecretFixture, NULL,
              secret_setup, test_missing, secret_teardown);
  g_test_add ("/core/secret/wrong-size", SecretFixture, NULL,
              secret_setup, test_wrong_size, secret_teardown);
  g_test_add ("/core/secret/readable-by-others-refused", SecretFixture, NULL,
              secret_setup, test_readable_by_others_refused, secret_teardown);
  g_test_add ("/core/secret/fifo-refused", SecretFixture, NULL,
              secret_setup, test_fifo_refused, secret_teardown);
  g_test_add_func ("/core/secret/hash-separation", test_hash_separation);
  g_test_add_func ("/core/secret/hash-equal", test_hash_equal);

  return g_test_run ();
}
