/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klp_testmod's own tracepoint: its key lives in the module, so a patched
 * testmod_show() branches on a key the livepatch reaches only through a
 * livepatch relocation.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM klp_testmod

#if !defined(_KLP_TESTMOD_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KLP_TESTMOD_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(klp_testmod_show,
	TP_PROTO(int version),
	TP_ARGS(version),
	TP_STRUCT__entry(__field(int, version)),
	TP_fast_assign(__entry->version = version;),
	TP_printk("version=%d", __entry->version)
);

#endif

/* define_trace.h includes this file again, relative to include/trace/ */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH ../../kernel
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE klp_testmod_trace
#include <trace/define_trace.h>
