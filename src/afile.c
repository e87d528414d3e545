/* afile.c: atomic file replacement (temp file + rename), as samurai's
 * log.c does it. */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The file a chain of symbolic links at path ends at, into out (size
 * PATH_MAX), even when that file does not exist yet (a dangling link):
 * each relative target is taken from its link's directory.  Returns 0, or
 * -1 for a loop or a name too long. */
static int link_target(const char *path, char *out)
{
	char cur[PATH_MAX], target[PATH_MAX];
	struct stat st;
	memcpy(cur, path, strlen(path) + 1);
	for (int hops = 0; hops < 40; hops++) {
		ssize_t n;
		const char *slash;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) {
			memcpy(out, cur, strlen(cur) + 1);
			return 0;
		}
		n = readlink(cur, target, sizeof target - 1);
		if (n < 0)
			return -1;
		target[n] = '\0';
		slash = strrchr(cur, '/');
		if (target[0] == '/' || !slash)
			memcpy(cur, target, (size_t)n + 1);
		else if (snprintf(out, PATH_MAX, "%.*s/%s", (int)(slash - cur), cur, target) >= PATH_MAX)
			return -1;
		else
			memcpy(cur, out, strlen(out) + 1);
	}
	return -1;
}

enum status afile_open(struct atomic_file *a, const char *path, char *err,
		       size_t errsize)
{
	const char *slash;
	struct stat st;
	int n, fd;
	a->f = NULL;
	a->tmp[0] = '\0';
	a->no_sync = 0;
	if (strlen(path) >= sizeof a->path) {
		msgf(err, errsize, "%s: path too long", path);
		return ST_IO;
	}
	memcpy(a->path, path, strlen(path) + 1);
	/* Something that exists and is not a regular file (/dev/null,
	 * /dev/full, a FIFO, a terminal) is written in place: a rename would
	 * replace the device node itself with a file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* non-blocking: a FIFO nobody reads is an error (ENXIO), not a
		 * hang; blocking again once open */
		fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0)
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		if (fd < 0 || !(a->f = fdopen(fd, "w"))) {
			msgf(err, errsize, "%s: cannot open: %s", path,
			     errno == ENXIO ? "a FIFO that nobody reads" : strerror(errno));
			if (fd >= 0)
				close(fd);
			return ST_IO;
		}
		return ST_OK;
	}
	/* A symbolic link: replace the file it points to, keep the link
	 * (and never put a temporary file beside /dev/stdout); a dangling
	 * one: create the file it points to. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && !realpath(path, a->path) &&
	    link_target(path, a->path) != 0) {
		msgf(err, errsize, "%s: cannot follow the symbolic link: %s", path,
		     strerror(errno ? errno : ELOOP));
		return ST_IO;
	}
	path = a->path;
	slash = strrchr(path, '/');
	if (slash)
		n = snprintf(a->tmp, sizeof a->tmp, "%.*s/.%s" AFILE_TMP_MARK "XXXXXX",
			     (int)(slash - path), path, slash + 1);
	else
		n = snprintf(a->tmp, sizeof a->tmp, ".%s" AFILE_TMP_MARK "XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof a->tmp) {
		msgf(err, errsize, "%s: path too long", path);
		return ST_IO;
	}
	fd = mkstemp(a->tmp);
	if (fd < 0) {
		msgf(err, errsize, "%s: cannot create a temporary file: %s", path,
		     strerror(errno));
		return ST_IO;
	}
	/* mkstemp makes 0600; results are ordinary files (0666 & ~umask) */
	{
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	a->f = fdopen(fd, "w");
	if (!a->f) {
		msgf(err, errsize, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(a->tmp);
		return ST_IO;
	}
	return ST_OK;
}

/* fsync the directory holding path.  Returns 0 (also where directories
 * cannot be synced: EINVAL), or -1 with errno. */
static int sync_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc;
	if (!slash)
		msgf(dir, sizeof dir, ".");
	else
		msgf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd) != 0 && errno != EINVAL ? -1 : 0;
	close(fd);
	return rc;
}

enum status afile_commit(struct atomic_file *a, char *err, size_t errsize)
{
	int failed = 0, saved = 0, direct = a->tmp[0] == '\0';
	if (fflush(a->f) != 0 || ferror(a->f)) {
		failed = 1;
		saved = errno ? errno : EIO;
	}
	if (!failed && !direct && !a->no_sync && fsync(fileno(a->f)) != 0 &&
	    errno != EINVAL) {
		failed = 1;
		saved = errno;
	}
	if (fclose(a->f) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	a->f = NULL;
	if (!failed && !direct && rename(a->tmp, a->path) != 0) {
		failed = 1;
		saved = errno;
	}
	/* the rename itself survives a power cut once the directory is
	 * synced */
	if (!failed && !direct && !a->no_sync && sync_dir(a->path) != 0) {
		msgf(err, errsize, "%s: written, but its directory cannot be synced: %s",
		     a->path, strerror(errno));
		return ST_IO;
	}
	if (failed) {
		if (!direct)
			unlink(a->tmp);
		msgf(err, errsize, "%s: cannot write: %s", a->path, strerror(saved));
		return ST_IO;
	}
	return ST_OK;
}

void afile_abort(struct atomic_file *a)
{
	if (a->f)
		fclose(a->f);
	a->f = NULL;
	if (a->tmp[0])
		unlink(a->tmp);
}
