# Livepatches applied under load (busybox sh, sourced in the guest after
# guest.sh): readers on every CPU and a fork/exec storm run while patches
# are loaded, replaced and removed, CYCLES times, and a task sleeps inside
# a function "ours" replaces.
#
#   load_run CYCLES KIND...   KIND: "ours A B" (A loaded, then replaced by
#                             the cumulative release B, both removed),
#                             "control M" (M loaded, disabled, removed) or
#                             "stack A D R" (base A, D stacked on it, both
#                             replaced by the cumulative release R, removed)
#
# A state is what /proc/cmdline shows (O the original, A, B, S the sample)
# and, for "stack", /proc/version too (O, or D: a second line "klp-b"):
# "AD" is A's cmdline with D's version.  Each reader reads the phase
# before and after each read: a settled phase (nothing loading, in
# transition or being removed) allows only its state; a transition "-X-Y"
# X and Y, and, of two files read one after the other, X's first with Y's
# second (the task switched in between), never Y's first with X's second:
# a task that went back, or ran a mix.  Prints one line of figures per
# run; any failure is counted by guest.sh's checks.

_load_dir=/tmp/load
_load_seq=0

# _load_phase PHASE: a state, or "-X-Y" while going from X to Y; numbered,
# so that a reader that slept through a whole cycle is not fooled, and
# renamed into place, so that it is never read half-written
_load_phase() {
	_load_seq=$((_load_seq + 1))
	echo "$_load_seq $1" > $_load_dir/phase.new
	mv $_load_dir/phase.new $_load_dir/phase
}

# _load_read: the state now, in _s, and what was read, in _l (no fork:
# the readers stay in the kernel's read path, not in fork and exec)
_load_read() {
	read -r _l < /proc/cmdline || _l=error
	case $_l in
	*" klp-patched-v2") _s=B ;;
	*" klp-patched") _s=A ;;
	*"this has been live patched") _s=S ;;
	"$_load_orig") _s=O ;;
	*) _s=bad ;;
	esac
	[ "$_load_kind" = stack ] || return 0
	# D adds a line "klp-b" after the banner
	{ read -r _v || _v=error; read -r _v2 || _v2=''; } < /proc/version
	_l="$_l | $_v | $_v2"
	[ "$_v" = "$_load_version" ] || { _s=bad; return 0; }
	case $_v2 in
	klp-b) _s=${_s}D ;;
	'') _s=${_s}O ;;
	*) _s=bad ;;
	esac
}

_load_reader() {
	_n=0 _e=0 _first=''
	while [ ! -e $_load_dir/stop ]; do
		read -r _p1 < $_load_dir/phase
		_load_read
		read -r _p2 < $_load_dir/phase
		_n=$((_n + 1))
		# the states the phase allows: "-X-Y" X, Y, and a task that
		# switched from X to Y between its two reads (X's cmdline, Y's
		# version), never the reverse
		_t=${_p1#* }
		case $_t in
		-*) _t=${_t#-} _x=${_t%%-*} _y=${_t#*-}
		    _allowed=" $_x $_y ${_x%?}${_y#?} " ;;
		*) _allowed=" $_t " ;;
		esac
		case $_s in
		bad) ;;
		*) [ "$_p1" != "$_p2" ] && continue
		   case $_allowed in *" $_s "*) continue ;; esac ;;
		esac
		_e=$((_e + 1))
		[ -n "$_first" ] || _first="read '$_l' (state $_s) in phase $_p1"
	done
	echo "$_n $_e $_first" > "$_load_dir/reader.$1"
}

# _load_sleeper: a task that sleeps inside pipe_read, which "ours" replaces
# (the control's and the stack's patches do not), woken three times a
# second by a numbered line it must read in order: a transition waits for
# it to leave the old function (at its return to user space), and it never
# reads a line out of order or an error
_load_sleeper() {
	{
		_i=0
		while [ ! -e $_load_dir/stop ]; do
			_i=$((_i + 1))
			echo "$_i"
			sleep 0.3
		done
	} | {
		_n=0 _e=0
		while read -r _x; do
			_n=$((_n + 1))
			[ "$_x" = "$_n" ] || _e=$((_e + 1))
		done
		echo "$_n $_e" > $_load_dir/sleeper
	}
}

_load_storm() {
	_n=0
	while [ ! -e $_load_dir/stop ]; do
		sh -c : && _n=$((_n + 1))
	done
	echo "$_n" > $_load_dir/storm
}

# _load_settle STATE: what readers must now see, after checking it here
_load_settle() {
	_load_read
	[ "$_s" = "$1" ] || _klp_fail "cycle $_c: the state is $_s ('$_l'), expected $1"
	_load_phase "$1"
}

# _load_gone NAME: a replaced patch leaves sysfs once the release's
# transition is over; then its module can go
_load_gone() {
	_klp_until _klp_gone "$(_klp_name "$1")" && rmmod "$(_klp_name "$1")" ||
		{ _klp_fail "cycle $_c: removing the replaced $1"; return 1; }
}

_load_cycle() {
	case $1 in
	ours)
		_load_phase -O-A
		klp_load "$2" && _load_settle A || return 1
		# the cumulative release replaces A atomically; A stays loaded, disabled
		_load_phase -A-B
		klp_load "$3" && _load_settle B && _load_gone "$2" || return 1
		_load_phase -B-O
		klp_unload "$3" && _load_settle O ;;
	control)
		_load_phase -O-S
		klp_load "$2" && _load_settle S || return 1
		_load_phase -S-O
		klp_unload "$2" && _load_settle O ;;
	stack)
		_load_phase -OO-AO
		klp_load "$2" && _load_settle AO || return 1
		_load_phase -AO-AD
		klp_load "$3" && _load_settle AD || return 1
		# R has both fixes: replacing A and D, it changes nothing a task sees
		_load_phase -AD
		klp_load "$4" && _load_settle AD && _load_gone "$3" && _load_gone "$2" || return 1
		_load_phase -AD-OO
		klp_unload "$4" && _load_settle OO ;;
	esac
}

load_run() {
	_cycles=$1 _load_kind=$2
	shift
	rm -rf $_load_dir
	mkdir -p $_load_dir
	read -r _load_orig < /proc/cmdline
	read -r _load_version < /proc/version
	_load_read
	_load_phase "$_s"
	_cpus=$(grep -c ^processor /proc/cpuinfo)
	for _r in $(seq "$_cpus"); do _load_reader "$_r" & done
	_load_storm &
	_load_sleeper &
	_c=0 _done=0 _start=$(date +%s)
	while [ "$_c" -lt "$_cycles" ]; do
		_c=$((_c + 1))
		_load_cycle "$@" || break
		_done=$_c
	done
	_secs=$(($(date +%s) - _start))
	touch $_load_dir/stop
	wait
	_reads=0 _errors=0
	for _f in "$_load_dir"/reader.*; do
		read -r _n _e _why < "$_f"
		_reads=$((_reads + _n)) _errors=$((_errors + _e))
		[ -z "$_why" ] || echo "# $_f: first error: $_why"
	done
	read -r _slept _sleep_errors < $_load_dir/sleeper
	echo "figures: $1: $_done of $_cycles cycles in $_secs s on $_cpus CPUs, $_reads reads, $_errors errors, $(cat $_load_dir/storm) fork/exec, $_slept wakeups in pipe_read"
	expect_eq "$1: every cycle completed" "$_done" "$_cycles"
	expect_eq "$1: no read saw an error or a state out of phase" "$_errors" 0
	expect_eq "$1: the task sleeping in pipe_read read every line in order" "$_sleep_errors" 0
	expect_fail "$1: and it woke up" [ "$_slept" -lt "$_cycles" ]
	_log=$(dmesg | grep -E 'WARNING|BUG|Oops|Call Trace|livepatch: .*(fail|error)' || true)
	expect_eq "$1: the kernel log is clean" "$_log" ""
}
