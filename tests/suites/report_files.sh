#!/bin/bash
# report_files.sh — what `-o FILE` does to what is already at FILE: a
# regular file is replaced whole (keeping its mode and owner) or not at all,
# a symbolic link keeps pointing where it did while its target gets the
# report, and a device or FIFO is written to, never replaced.
cd "$RINGWALL_ROOT" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
in=examples/deployment.yaml

ok() { # name, condition status
    if [ "$2" = 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}

# the report on standard output, to compare files with
"$RINGWALL" scan "$in" >"$tmp/want" 2>/dev/null
want_rc=$?
[ -s "$tmp/want" ] && [ "$want_rc" = 1 ]
ok "scan $in: a report and exit 1 on standard output" $?

# a character device: created here as root (the node of /dev/null), else
# the system's /dev/null
dev=$tmp/null
mknod "$dev" c 1 3 2>/dev/null || dev=/dev/null
"$RINGWALL" scan "$in" -o "$dev" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = "$want_rc" ] && [ -c "$dev" ] && [ ! -s "$tmp/err" ]
ok "-o DEVICE: written, still a character device (exit $rc)" $?
ls "$tmp" | grep -q '\.tmp'
ok "-o DEVICE: no temporary file left" $((!$?))

# a FIFO with a reader
mkfifo "$tmp/fifo"
timeout 20 cat "$tmp/fifo" >"$tmp/got" &
reader=$!
timeout 20 "$RINGWALL" scan "$in" -o "$tmp/fifo" >/dev/null 2>"$tmp/err"
rc=$?
wait $reader
[ $rc = "$want_rc" ] && [ -p "$tmp/fifo" ]
ok "-o FIFO: still a FIFO (exit $rc)" $?
cmp -s "$tmp/got" "$tmp/want"
ok "-o FIFO: the reader got the whole report" $?

# a link to /proc/self/fd/1, as /dev/stdout is (a link of our own: the
# system's /dev/stdout is not to be put at risk): a pipe gets the report; a
# file opened with >> keeps what it held, and the report follows it
ln -s /proc/self/fd/1 "$tmp/stdout"
"$RINGWALL" scan "$in" -o "$tmp/stdout" 2>"$tmp/err" | cat >"$tmp/piped"
cmp -s "$tmp/piped" "$tmp/want" && [ ! -s "$tmp/err" ] && [ -L "$tmp/stdout" ]
ok "-o /dev/stdout into a pipe: the whole report" $?
echo header >"$tmp/log"
"$RINGWALL" scan "$in" -o "$tmp/stdout" >>"$tmp/log" 2>/dev/null
{ echo header; cat "$tmp/want"; } | cmp -s - "$tmp/log" && [ -L "$tmp/stdout" ]
ok "-o /dev/stdout >>FILE: the report appended, nothing replaced" $?

# a symbolic link (relative, through a second link) to a report file
mkdir "$tmp/reports"
echo old >"$tmp/reports/report.txt"
ln -s report.txt "$tmp/reports/current"
ln -s reports/current "$tmp/link"
"$RINGWALL" scan "$in" -o "$tmp/link" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = "$want_rc" ] && [ -L "$tmp/link" ] && [ -L "$tmp/reports/current" ] &&
    [ "$(readlink "$tmp/link")" = reports/current ]
ok "-o SYMLINK: the links stay links (exit $rc)" $?
cmp -s "$tmp/reports/report.txt" "$tmp/want"
ok "-o SYMLINK: the final target holds the new report" $?

# a symbolic link to a file not there yet: the file is created
ln -s new.txt "$tmp/reports/future"
"$RINGWALL" scan "$in" -o "$tmp/reports/future" >/dev/null 2>&1
[ -L "$tmp/reports/future" ] && cmp -s "$tmp/reports/new.txt" "$tmp/want"
ok "-o SYMLINK to a missing file: the file is created, the link stays" $?

# an existing 0600 report keeps its mode (and, as root, its owner)
echo old >"$tmp/private"
chmod 600 "$tmp/private"
owner=$(id -u):$(id -g)
if [ "$(id -u)" = 0 ] && chown 65534:65534 "$tmp/private" 2>/dev/null; then
    owner=65534:65534
fi
"$RINGWALL" scan "$in" -o "$tmp/private" >/dev/null 2>&1
[ "$(stat -c %a "$tmp/private")" = 600 ]
ok "-o FILE: an existing 0600 file stays 0600" $?
[ "$(stat -c %u:%g "$tmp/private")" = "$owner" ]
ok "-o FILE: an existing file keeps its owner" $?
cmp -s "$tmp/private" "$tmp/want"
ok "-o FILE: an existing file holds the new report" $?

# a new file is created as a shell redirection would, with the umask
(umask 027 && "$RINGWALL" scan "$in" -o "$tmp/fresh" >/dev/null 2>&1)
[ "$(stat -c %a "$tmp/fresh")" = 640 ]
ok "-o NEWFILE: mode 0666 less the umask" $?

# a write that fails half-way (a file size limit, as a full disk would)
# leaves the old file as it was, and no temporary file
echo old >"$tmp/kept"
(trap '' XFSZ && ulimit -f 1 && "$RINGWALL" scan "$in" -o "$tmp/kept") >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q "^ringwall: $tmp/kept: File too large" "$tmp/err" &&
    [ "$(cat "$tmp/kept")" = old ]
ok "-o FILE: a failed write exits 2 and leaves the old file (exit $rc)" $?
ls "$tmp" | grep -q '\.tmp'
ok "-o FILE: a failed write leaves no temporary file" $((!$?))

# a device that refuses the data, through a symbolic link
ln -s /dev/full "$tmp/full"
"$RINGWALL" scan "$in" -o "$tmp/full" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q "No space left on device" "$tmp/err" && [ -L "$tmp/full" ] &&
    [ -c /dev/full ]
ok "-o /dev/full (through a link): exit 2, the link and device stay (exit $rc)" $?

# a directory is no report file
mkdir "$tmp/dir"
"$RINGWALL" scan "$in" -o "$tmp/dir" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q "^ringwall: $tmp/dir: Is a directory" "$tmp/err" && [ -d "$tmp/dir" ]
ok "-o DIR: exit 2, the directory stays (exit $rc)" $?

# a report file the user may not write is not replaced (not testable as
# root, who may write anything)
if [ "$(id -u)" != 0 ]; then
    echo old >"$tmp/readonly"
    chmod 444 "$tmp/readonly"
    "$RINGWALL" scan "$in" -o "$tmp/readonly" >/dev/null 2>"$tmp/err"
    [ $? = 2 ] && [ "$(cat "$tmp/readonly")" = old ]
    ok "-o READONLY: exit 2, the file unchanged" $?
fi
