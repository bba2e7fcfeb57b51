/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DEB_H
#define KPB_DEB_H

/* --deb: the module as a Debian package (deb.c). */
#include "context.h"

/* --deb, --deb-version, --deb-name and the maintainer, checked before anything runs. */
void check_deb_options(const struct kpb_options *o);
/* livepatch-STEM-RELEASE (allocated). */
char *deb_package(const struct kpb_options *o, const char *release);
/* --deb-version, else the series' version, else 1 (allocated). */
char *deb_version(const struct kpb_options *o);
/* The package of the module r->module, built in the work directory: its path. */
char *build_deb(const struct kpb_options *o, const struct kpb_build *b, const struct kpb_results *r);
/* Beside the module in the output directory, atomically: r->deb becomes its path. */
void install_deb(const struct kpb_options *o, struct kpb_results *r);

#endif
