// SPDX-License-Identifier: GPL-2.0
/* No metadata at all: patch.lds must still define every bracket symbol. */
int standin_empty_unused;
