/* measure.c: the resources a run used: CPU time, peak resident memory. */
#define _POSIX_C_SOURCE 200809L
#include "measure.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "util.h"

double measure_cpu_seconds(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1.0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

void measure_peak_rss_reset(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		/* "5" resets the peak RSS (Linux 4.0); failure leaves the
		 * process peak, which is still an upper bound */
		ssize_t w = write(fd, "5", 1);
		(void)w;
		close(fd);
	}
}

long measure_peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	struct rusage ru;
	if (f) {
		while (fgets(line, sizeof line, f))
			if (strncmp(line, "VmHWM:", 6) == 0) {
				kib = strtol(line + 6, NULL, 10);
				break;
			}
		fclose(f);
	}
	if (kib < 0 && getrusage(RUSAGE_SELF, &ru) == 0)
		kib = ru.ru_maxrss;
	return kib;
}
