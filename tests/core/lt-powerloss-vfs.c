/* lt-powerloss-vfs.c: a SQLite VFS in which a power cut loses every write
 * not yet synced
 *
 * It wraps the platform's default VFS. Writes to the database and its
 * journals land in an in-memory image of the file; xSync copies what
 * changed to the real file and syncs it. The real files therefore always
 * hold exactly what would survive a power cut at that moment. Before each
 * write and each sync of those files the test's callback is called:
 * copying the real files then is a power cut at that point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-powerloss-vfs.h"

#include <string.h>

typedef struct {
  sqlite3_file  base;
  sqlite3_file *real;      /* allocated right after this struct */
  gboolean      tracked;   /* main database or journal: writes are held */
  GByteArray   *image;     /* the file as SQLite sees it */
  GArray       *dirty;     /* guint64 pairs (offset, length) not yet written */
  gboolean      truncated; /* the real file must be cut to the image's size */
} PlFile;

static sqlite3_vfs   *real_vfs;
static sqlite3_vfs    pl_vfs;
static LtPowerlossCut cut_func;
static gpointer       cut_data;
static guint64        n_writes;
static guint64        n_syncs;

static int
pl_close (sqlite3_file *file)
{
  PlFile *self = (PlFile *)file;
  int     rc;

  /* Closing without a sync keeps nothing new: SQLite syncs what matters. */
  rc = self->real->pMethods ? self->real->pMethods->xClose (self->real) : SQLITE_OK;
  g_clear_pointer (&self->image, g_byte_array_unref);
  g_clear_pointer (&self->dirty, g_array_unref);
  return rc;
}

static int
pl_read (sqlite3_file *file,
         void         *buffer,
         int           amount,
         sqlite3_int64 offset)
{
  PlFile *self = (PlFile *)file;
  gsize   have;

  if (!self->tracked)
    return self->real->pMethods->xRead (self->real, buffer, amount, offset);
  have = (guint64)offset < self->image->len ? MIN ((gsize)amount, self->image->len - (gsize)offset) : 0;
  if (have > 0)
    memcpy (buffer, self->image->data + offset, have);
  if (have < (gsize)amount) {
    memset ((guint8 *)buffer + have, 0, (gsize)amount - have);
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

static int
pl_write (sqlite3_file *file,
          const void   *buffer,
          int           amount,
          sqlite3_int64 offset)
{
  PlFile *self = (PlFile *)file;
  guint64 extent[2] = { (guint64)offset, (guint64)amount };

  n_writes++;
  if (!self->tracked)
    return self->real->pMethods->xWrite (self->real, buffer, amount, offset);
  if (cut_func != NULL)
    cut_func (cut_data, FALSE);
  if ((gsize)offset + (gsize)amount > self->image->len) {
    gsize old = self->image->len;

    g_byte_array_set_size (self->image, (guint)(offset + amount));
    memset (self->image->data + old, 0, self->image->len - old);
  }
  memcpy (self->image->data + offset, buffer, (gsize)amount);
  g_array_append_vals (self->dirty, extent, 2);
  return SQLITE_OK;
}

static int
pl_truncate (sqlite3_file *file,
             sqlite3_int64 size)
{
  PlFile *self = (PlFile *)file;

  n_writes++;
  if (!self->tracked)
    return self->real->pMethods->xTruncate (self->real, size);
  if ((gsize)size < self->image->len) {
    g_byte_array_set_size (self->image, (guint)size);
    self->truncated = TRUE;
  }
  return SQLITE_OK;
}

static int
pl_sync (sqlite3_file *file,
         int           flags)
{
  PlFile *self = (PlFile *)file;
  int     rc;

  n_syncs++;
  if (!self->tracked)
    return self->real->pMethods->xSync (self->real, flags);
  /* The last moment of the old durable state. */
  if (cut_func != NULL)
    cut_func (cut_data, TRUE);
  if (self->truncated) {
    rc = self->real->pMethods->xTruncate (self->real, (sqlite3_int64)self->image->len);
    if (rc != SQLITE_OK)
      return rc;
    self->truncated = FALSE;
  }
  for (guint i = 0; i < self->dirty->len; i += 2) {
    guint64 offset = g_array_index (self->dirty, guint64, i);
    guint64 length = g_array_index (self->dirty, guint64, i + 1);

    /* A later truncation may have cut a pending write short. */
    if (offset >= self->image->len)
      continue;
    length = MIN (length, self->image->len - offset);
    rc = self->real->pMethods->xWrite (self->real, self->image->data + offset, (int)length, (sqlite3_int64)offset);
    if (rc != SQLITE_OK)
      return rc;
  }
  g_array_set_size (self->dirty, 0);
  return self->real->pMethods->xSync (self->real, flags);
}

static int
pl_file_size (sqlite3_file  *file,
              sqlite3_int64 *size)
{
  PlFile *self = (PlFile *)file;

  if (!self->tracked)
    return self->real->pMethods->xFileSize (self->real, size);
  *size = (sqlite3_int64)self->image->len;
  return SQLITE_OK;
}

#define PASS_THROUGH(name, signature, call)      \
  static int name signature                      \
  {                                              \
    sqlite3_file *real = ((PlFile *)file)->real; \
    return call;                                 \
  }

PASS_THROUGH (pl_lock, (sqlite3_file * file, int level), real->pMethods->xLock (real, level))
PASS_THROUGH (pl_unlock, (sqlite3_file * file, int level), real->pMethods->xUnlock (real, level))
PASS_THROUGH (pl_check_reserved, (sqlite3_file * file, int *out), real->pMethods->xCheckReservedLock (real, out))
PASS_THROUGH (pl_sector_size, (sqlite3_file * file), real->pMethods->xSectorSize (real))
PASS_THROUGH (pl_device_characteristics, (sqlite3_file * file), real->pMethods->xDeviceCharacteristics (real))
PASS_THROUGH (pl_shm_map, (sqlite3_file * file, int page, int size, int extend, void volatile **out), real->pMethods->xShmMap (real, page, size, extend, out))
PASS_THROUGH (pl_shm_lock, (sqlite3_file * file, int offset, int n, int flags), real->pMethods->xShmLock (real, offset, n, flags))
PASS_THROUGH (pl_shm_unmap, (sqlite3_file * file, int delete_flag), real->pMethods->xShmUnmap (real, delete_flag))

static int
pl_file_control (sqlite3_file *file,
                 int           op,
                 void         *arg)
{
  sqlite3_file *real = ((PlFile *)file)->real;

  /* The real file's size hints and the like would bypass the image. */
  if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE || op == SQLITE_FCNTL_MMAP_SIZE)
    return SQLITE_OK;
  return real->pMethods->xFileControl (real, op, arg);
}

static void
pl_shm_barrier (sqlite3_file *file)
{
  sqlite3_file *real = ((PlFile *)file)->real;

  real->pMethods->xShmBarrier (real);
}

/* Version 2: no xFetch, so SQLite never maps the database into memory
 * behind the image's back. */
static const sqlite3_io_methods pl_io_methods = {
  2,
  pl_close,
  pl_read,
  pl_write,
  pl_truncate,
  pl_sync,
  pl_file_size,
  pl_lock,
  pl_unlock,
  pl_check_reserved,
  pl_file_control,
  pl_sector_size,
  pl_device_characteristics,
  pl_shm_map,
  pl_shm_lock,
  pl_shm_barrier,
  pl_shm_unmap,
  NULL,
  NULL,
};

static int
pl_open (sqlite3_vfs  *vfs,
         const char   *name,
         sqlite3_file *file,
         int           flags,
         int          *out_flags)
{
  PlFile       *self = (PlFile *)file;
  sqlite3_int64 size = 0;
  int           rc;

  memset (self, 0, sizeof *self);
  self->real = (sqlite3_file *)(self + 1);
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    self->real->pMethods = NULL;
    return rc;
  }
  self->base.pMethods = &pl_io_methods;
  self->tracked = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0;
  if (!self->tracked)
    return SQLITE_OK;
  self->image = g_byte_array_new ();
  self->dirty = g_array_new (FALSE, FALSE, sizeof (guint64));
  rc = self->real->pMethods->xFileSize (self->real, &size);
  if (rc == SQLITE_OK && size > 0) {
    g_byte_array_set_size (self->image, (guint)size);
    rc = self->real->pMethods->xRead (self->real, self->image->data, (int)size, 0);
  }
  if (rc != SQLITE_OK)
    pl_close (file);
  return rc;
}

static int
pl_delete (sqlite3_vfs *vfs,
           const char  *name,
           int          sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
pl_access (sqlite3_vfs *vfs,
           const char  *name,
           int          flags,
           int         *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
pl_full_pathname (sqlite3_vfs *vfs,
                  const char  *name,
                  int          n,
                  char        *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static int
pl_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
pl_sleep (sqlite3_vfs *vfs, int us)
{
  return real_vfs->xSleep (real_vfs, us);
}

static int
pl_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
pl_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

void
lt_powerloss_vfs_install (LtPowerlossCut func,
                          gpointer       data)
{
  if (real_vfs == NULL) {
    real_vfs = sqlite3_vfs_find (NULL);
    g_assert_nonnull (real_vfs);
    pl_vfs.iVersion = 1;
    pl_vfs.szOsFile = (int)sizeof (PlFile) + real_vfs->szOsFile;
    pl_vfs.mxPathname = real_vfs->mxPathname;
    pl_vfs.zName = "lt-powerloss";
    pl_vfs.xOpen = pl_open;
    pl_vfs.xDelete = pl_delete;
    pl_vfs.xAccess = pl_access;
    pl_vfs.xFullPathname = pl_full_pathname;
    pl_vfs.xRandomness = pl_randomness;
    pl_vfs.xSleep = pl_sleep;
    pl_vfs.xCurrentTime = pl_current_time;
    pl_vfs.xGetLastError = pl_get_last_error;
    g_assert_cmpint (sqlite3_vfs_register (&pl_vfs, 1), ==, SQLITE_OK);
  }
  cut_func = func;
  cut_data = data;
}

const char *
lt_powerloss_vfs_real_name (void)
{
  return real_vfs ? real_vfs->zName : NULL;
}

void
lt_powerloss_vfs_counts (guint64 *writes,
                         guint64 *syncs)
{
  *writes = n_writes;
  *syncs = n_syncs;
}
