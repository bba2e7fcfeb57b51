# Livepatches applied under load (busybox sh, sourced in the guest after
# guest.sh): readers of /proc/cmdline on every CPU and a fork/exec storm run
# while patches are loaded, replaced and removed, CYCLES times.
#
#   load_run CYCLES KIND...   KIND: "ours A B" (A loaded, then replaced by
#                             the cumulative release B, both removed) or
#                             "control M" (M loaded, disabled, removed)
#
# Each reader reads the phase before and after each read: while the patches
# are settled (no transition, no module being loaded or removed) every read
# must show the settled behaviour; at any time it must be one of the
# defined states (never a mix, never an error).  Prints one line of figures
# per run; any failure is counted by guest.sh's checks.

_load_dir=/tmp/load
_load_seq=0

# _load_phase STATE: "-" while anything may change, else the settled state;
# numbered, so that a reader that slept through a whole cycle is not fooled,
# and renamed into place, so that it is never read half-written
_load_phase() {
	_load_seq=$((_load_seq + 1))
	echo "$_load_seq $1" > $_load_dir/phase.new
	mv $_load_dir/phase.new $_load_dir/phase
}

# _load_state LINE: which state /proc/cmdline's LINE shows, in _s (no fork:
# the readers stay in the kernel's read path, not in fork and exec)
_load_state() {
	case $1 in
	*" klp-patched-v2") _s=B ;;
	*" klp-patched") _s=A ;;
	*"this has been live patched") _s=S ;;
	"$_load_orig") _s=O ;;
	*) _s=bad ;;
	esac
}

_load_reader() {
	_n=0 _e=0 _first=''
	while [ ! -e $_load_dir/stop ]; do
		read -r _p1 < $_load_dir/phase
		read -r _l < /proc/cmdline || _l=error
		read -r _p2 < $_load_dir/phase
		_load_state "$_l"
		_n=$((_n + 1))
		# phase "-": a transition or a load may be under way
		if [ "$_s" = bad ] || { [ "$_p1" = "$_p2" ] && [ "${_p1#* }" != - ] && [ "$_s" != "${_p1#* }" ]; }; then
			_e=$((_e + 1))
			[ -n "$_first" ] || _first="read '$_l' in phase $_p1..$_p2"
		fi
	done
	echo "$_n $_e $_first" > "$_load_dir/reader.$1"
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
	read -r _l < /proc/cmdline
	_load_state "$_l"
	[ "$_s" = "$1" ] || _klp_fail "cycle $_c: /proc/cmdline is in state $_s, expected $1"
	_load_phase "$1"
}

_load_cycle() {
	_load_phase -
	case $1 in
	ours)
		klp_load "$2" && _load_settle A || return 1
		_load_phase -
		# the cumulative release replaces A atomically; A stays loaded, disabled
		klp_load "$3" && _load_settle B || return 1
		# the replaced patch leaves sysfs once B's transition is over
		_klp_until _klp_gone "$(_klp_name "$2")" &&
			rmmod "$(_klp_name "$2")" || { _klp_fail "cycle $_c: removing the replaced $2"; return 1; }
		_load_phase -
		klp_unload "$3" && _load_settle O ;;
	control)
		klp_load "$2" && _load_settle S || return 1
		_load_phase -
		klp_unload "$2" && _load_settle O ;;
	esac
}

load_run() {
	_cycles=$1
	shift
	rm -rf $_load_dir
	mkdir -p $_load_dir
	read -r _load_orig < /proc/cmdline
	_load_phase O
	_cpus=$(grep -c ^processor /proc/cpuinfo)
	for _r in $(seq "$_cpus"); do _load_reader "$_r" & done
	_load_storm &
	_c=0 _done=0
	while [ "$_c" -lt "$_cycles" ]; do
		_c=$((_c + 1))
		_load_cycle "$@" || break
		_done=$_c
	done
	touch $_load_dir/stop
	wait
	_reads=0 _errors=0
	for _f in $_load_dir/reader.*; do
		read -r _n _e _why < "$_f"
		_reads=$((_reads + _n)) _errors=$((_errors + _e))
		[ -z "$_why" ] || echo "# $_f: first error: $_why"
	done
	echo "figures: $1: $_done of $_cycles cycles on $_cpus CPUs, $_reads reads, $_errors errors, $(cat $_load_dir/storm) fork/exec"
	expect_eq "$1: every cycle completed" "$_done" "$_cycles"
	expect_eq "$1: no read saw an error or a state out of phase" "$_errors" 0
	_log=$(dmesg | grep -E 'WARNING|BUG|Oops|Call Trace|livepatch: .*(fail|error)' || true)
	expect_eq "$1: the kernel log is clean" "$_log" ""
}
