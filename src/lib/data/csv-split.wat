;; The importer's byte path line splitter on WebAssembly SIMD. Source of csv-split-kernel.generated.ts: edit
;; this file, then run `node scripts/build-wasm.mjs` (a unit test checks the two agree).
;;
;; Splits whole lines of a delimited file into `cols` fields, 32 bytes per step: i8x16 compares give bitmasks
;; of delimiters, line feeds, carriage returns and quotes, and the sign bits give the bytes over 127; the quote
;; state is the prefix XOR of the quote mask (simdjson/simdcsv), carried from block to block, so delimiters
;; and line breaks inside quotes are told apart without a byte loop. The set bits are then taken in order
;; (ctz). It takes exactly the lines the scalar splitter in csv-split.ts takes (and the text path gives the
;; same result for): ASCII, CRLF or LF ends, exactly `cols` fields, quoted fields only as `"..."` whole
;; (opening quote at the field's start, closing quote before a delimiter or the line's end, no doubled quote,
;; no line break inside), at most maxChars bytes. At the first line it cannot take, it stops.
(module
  (import "env" "memory" (memory 1 65536 @SHARED@))

  ;; Where the first line not taken begins (relative to $src), after each split.
  (global $next (export "next") (mut i32) (i32.const 0))

  ;; Splits the lines from $pos (a line start) in bytes [$src, $src + $n) (32 readable bytes past the end).
  ;; Field f of row r: i32 start at $starts + 4 (r cols + f), end (exclusive) at the same offset from $ends,
  ;; relative to $src, quotes excluded. Returns the rows taken (at most $rowsMax).
  (func (export "split")
    (param $src i32) (param $pos i32) (param $n i32) (param $delim i32) (param $cols i32)
    (param $starts i32) (param $ends i32) (param $rowsMax i32) (param $maxChars i32) (result i32)
    (local $p i32) (local $v0 v128) (local $v1 v128) (local $vd v128) (local $vl v128) (local $vq v128) (local $vr v128)
    (local $D i32) (local $L i32) (local $Q i32) (local $R i32) (local $H i32) (local $in i32) (local $carry i32)
    (local $ev i32) (local $bit i32) (local $c i32) (local $b i32) (local $avail i32) (local $mask i32)
    (local $row i32) (local $f i32) (local $lineStart i32) (local $fieldStart i32) (local $qf i32) (local $skip i32)
    (local $o i32) (local $rowBytes i32) (local $last i32)
    (local.set $vd (i8x16.splat (local.get $delim)))
    (local.set $vl (i8x16.splat (i32.const 10)))
    (local.set $vq (i8x16.splat (i32.const 34)))
    (local.set $vr (i8x16.splat (i32.const 13)))
    (local.set $lineStart (local.get $pos))
    (local.set $fieldStart (local.get $pos))
    (local.set $p (local.get $pos))
    (local.set $skip (i32.const -1))
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $last (i32.sub (local.get $cols) (i32.const 1)))
    (block $stop
      (br_if $stop (i32.eqz (local.get $rowsMax)))
      (loop $block
        ;; Out of bytes with the line not ended: it is not whole here.
        (br_if $stop (i32.ge_s (local.get $p) (local.get $n)))
        (local.set $v0 (v128.load (i32.add (local.get $src) (local.get $p))))
        (local.set $v1 (v128.load offset=16 (i32.add (local.get $src) (local.get $p))))
        (local.set $D (i32.or (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vd)))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vd))) (i32.const 16))))
        (local.set $L (i32.or (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vl)))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vl))) (i32.const 16))))
        (local.set $Q (i32.or (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vq)))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vq))) (i32.const 16))))
        (local.set $R (i32.or (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vr)))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vr))) (i32.const 16))))
        (local.set $H (i32.or (i8x16.bitmask (local.get $v0)) (i32.shl (i8x16.bitmask (local.get $v1)) (i32.const 16))))
        ;; Bytes past the end are not looked at.
        (local.set $avail (i32.sub (local.get $n) (local.get $p)))
        (if (i32.lt_u (local.get $avail) (i32.const 32))
          (then
            (local.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $avail)) (i32.const 1)))
            (local.set $D (i32.and (local.get $D) (local.get $mask)))
            (local.set $L (i32.and (local.get $L) (local.get $mask)))
            (local.set $Q (i32.and (local.get $Q) (local.get $mask)))
            (local.set $R (i32.and (local.get $R) (local.get $mask)))
            (local.set $H (i32.and (local.get $H) (local.get $mask)))))
        ;; $in bit i: an odd number of quotes at or before byte i (inside quotes; set on an opening quote).
        (local.set $in (local.get $Q))
        (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 1))))
        (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 2))))
        (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 4))))
        (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 8))))
        (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 16))))
        (local.set $in (i32.xor (local.get $in) (local.get $carry)))
        (local.set $carry (i32.shr_s (local.get $in) (i32.const 31)))
        ;; Events in byte order: quotes, bytes over 127, line breaks, delimiters outside quotes.
        (local.set $ev (i32.or (i32.or (local.get $Q) (local.get $H))
          (i32.or (i32.or (local.get $L) (local.get $R)) (i32.and (local.get $D) (i32.xor (local.get $in) (i32.const -1))))))
        (block $events_done
          (loop $event
            (br_if $events_done (i32.eqz (local.get $ev)))
            (local.set $c (i32.add (local.get $p) (i32.ctz (local.get $ev))))
            (local.set $bit (i32.and (local.get $ev) (i32.sub (i32.const 0) (local.get $ev))))
            (local.set $ev (i32.xor (local.get $ev) (local.get $bit)))
            ;; A byte over 127, or a line break inside quotes (a field over several lines): the text path's.
            (br_if $stop (i32.and (local.get $bit)
              (i32.or (local.get $H) (i32.and (local.get $in) (i32.or (local.get $L) (local.get $R))))))
            (if (i32.and (local.get $bit) (local.get $Q))
              (then
                (if (i32.and (local.get $bit) (local.get $in))
                  (then
                    ;; Opening: only at the field's start.
                    (br_if $stop (i32.ne (local.get $c) (local.get $fieldStart)))
                    (local.set $qf (i32.const 1)))
                  (else
                    ;; Closing: a delimiter or a line break must follow (else doubled quotes or text after it).
                    (br_if $stop (i32.ge_s (i32.add (local.get $c) (i32.const 1)) (local.get $n)))
                    (local.set $b (i32.load8_u offset=1 (i32.add (local.get $src) (local.get $c))))
                    (br_if $stop (i32.and (i32.ne (local.get $b) (local.get $delim))
                      (i32.and (i32.ne (local.get $b) (i32.const 10)) (i32.ne (local.get $b) (i32.const 13)))))))
                (br $event)))
            (if (i32.and (local.get $bit) (local.get $D))
              (then
                (br_if $stop (i32.eq (local.get $f) (local.get $last)))
                (i32.store (i32.add (local.get $starts) (i32.add (local.get $o) (i32.shl (local.get $f) (i32.const 2))))
                  (i32.add (local.get $fieldStart) (local.get $qf)))
                (i32.store (i32.add (local.get $ends) (i32.add (local.get $o) (i32.shl (local.get $f) (i32.const 2))))
                  (i32.sub (local.get $c) (local.get $qf)))
                (local.set $f (i32.add (local.get $f) (i32.const 1)))
                (local.set $fieldStart (i32.add (local.get $c) (i32.const 1)))
                (local.set $qf (i32.const 0))
                (br $event)))
            ;; A line break outside quotes: LF, or CR that must be followed by LF (whose own bit is skipped).
            (if (i32.and (local.get $bit) (local.get $R))
              (then
                (br_if $stop (i32.ge_s (i32.add (local.get $c) (i32.const 1)) (local.get $n)))
                (br_if $stop (i32.ne (i32.load8_u offset=1 (i32.add (local.get $src) (local.get $c))) (i32.const 10)))
                (local.set $skip (i32.add (local.get $c) (i32.const 1))))
              (else
                (br_if $event (i32.eq (local.get $c) (local.get $skip)))))
            (br_if $stop (i32.ne (local.get $f) (local.get $last)))
            (br_if $stop (i32.gt_s (i32.sub (local.get $c) (local.get $lineStart)) (local.get $maxChars)))
            (i32.store (i32.add (local.get $starts) (i32.add (local.get $o) (i32.shl (local.get $f) (i32.const 2))))
              (i32.add (local.get $fieldStart) (local.get $qf)))
            (i32.store (i32.add (local.get $ends) (i32.add (local.get $o) (i32.shl (local.get $f) (i32.const 2))))
              (i32.sub (local.get $c) (local.get $qf)))
            (local.set $row (i32.add (local.get $row) (i32.const 1)))
            (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
            (local.set $lineStart (i32.add (local.get $c)
              (select (i32.const 2) (i32.const 1) (i32.and (local.get $bit) (local.get $R)))))
            (local.set $fieldStart (local.get $lineStart))
            (local.set $f (i32.const 0))
            (local.set $qf (i32.const 0))
            (br_if $stop (i32.eq (local.get $row) (local.get $rowsMax)))
            (br $event)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $block)))
    (global.set $next (local.get $lineStart))
    (local.get $row))

  ;; ---- Typing over the split fields (the importer's byte path, Importer.byteRowsKernel) ----
  ;; Where the last lookup stopped: the key of a cell flagged invalid (its value written), or -1 for a miss.
  (global $hit (export "hit") (mut i32) (i32.const -1))

  ;; A key's low 8 bytes (lo) and next 8 (hi), bytes past its end zeroed, are kept inline in its entry, so a
  ;; key of at most 16 bytes is compared by two i64 compares without reading its bytes again.

  ;; Hash of a key from lo, hi and its bytes past 16 (7 readable bytes past the end). The table's keys
  ;; (through the export, from JavaScript) and the cells (inside lookup, the same steps) agree.
  (func $hash (export "hash") (param $p i32) (param $len i32) (result i32)
    (local $x i64) (local $i i32) (local $lo i64) (local $hi i64) (local $m i64) (local $rest i32)
    (local.set $lo (i64.load align=1 (local.get $p)))
    (local.set $hi (i64.load offset=8 align=1 (local.get $p)))
    (if (i32.lt_u (local.get $len) (i32.const 16))
      (then
        (local.set $m (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3)))) (i64.const 1)))
        (if (i32.lt_u (local.get $len) (i32.const 8))
          (then
            (local.set $lo (i64.and (local.get $lo) (local.get $m)))
            (local.set $hi (i64.const 0)))
          (else (local.set $hi (i64.and (local.get $hi) (local.get $m)))))))
    (local.set $x (i64.xor (i64.xor (i64.mul (local.get $lo) (i64.const 0x9e3779b97f4a7c15))
      (i64.mul (local.get $hi) (i64.const 0xc2b2ae3d27d4eb4f))) (i64.extend_i32_u (local.get $len))))
    ;; Bytes past 16, eight a step (the last step's bytes past the key zeroed).
    (local.set $i (i32.const 16))
    (block $done
      (loop $step
        (br_if $done (i32.ge_s (local.get $i) (local.get $len)))
        (local.set $lo (i64.load align=1 (i32.add (local.get $p) (local.get $i))))
        (local.set $rest (i32.sub (local.get $len) (local.get $i)))
        (if (i32.lt_u (local.get $rest) (i32.const 8))
          (then (local.set $lo (i64.and (local.get $lo)
            (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $rest) (i32.const 3)))) (i64.const 1))))))
        (local.set $x (i64.mul (i64.xor (i64.rotl (local.get $x) (i64.const 27)) (local.get $lo)) (i64.const 0x165667b19e3779f9)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $step)))
    (local.set $x (i64.mul (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 32))) (i64.const 0xd6e8feb86659fd93)))
    (i32.wrap_i64 (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 29)))))

  ;; bytes [$p, $p + $len) = [$q, $q + $len), eight at a time (7 readable bytes past both ends).
  (func $same (param $p i32) (param $q i32) (param $len i32) (result i32)
    (local $i i32) (local $x i64) (local $rest i32)
    (block $words
      (loop $step
        (br_if $words (i32.ge_s (local.get $i) (local.get $len)))
        (local.set $x (i64.xor (i64.load align=1 (i32.add (local.get $p) (local.get $i))) (i64.load align=1 (i32.add (local.get $q) (local.get $i)))))
        (local.set $rest (i32.sub (local.get $len) (local.get $i)))
        (if (i32.lt_u (local.get $rest) (i32.const 8))
          (then (local.set $x (i64.and (local.get $x)
            (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $rest) (i32.const 3)))) (i64.const 1))))))
        (if (i64.ne (local.get $x) (i64.const 0)) (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $step)))
    (i32.const 1))

  ;; Looks up field $col of rows [$from, $rows) of the last split (fields at $starts/$ends, $stride per row,
  ;; relative to $src) in the table at $tab: header i32 mask, slots, entries, arena; slots i32 key or -1;
  ;; entry k at entries + 40 k: f64 value, i32 hash, length, arena offset, invalid flag, i64 lo, hi. Writes
  ;; each value to $out (f64 where $wide, else i32). Stops at a cell not in the table ($hit -1) or after
  ;; writing one flagged invalid ($hit its key) and returns its row; returns $rows when every row is done.
  ;; The hash of $hash is computed inline for keys of at most 16 bytes (most category values).
  (func (export "lookup")
    (param $src i32) (param $starts i32) (param $ends i32) (param $stride i32) (param $col i32)
    (param $from i32) (param $rows i32) (param $out i32) (param $wide i32) (param $tab i32) (result i32)
    (local $mask i32) (local $slots i32) (local $entries i32) (local $arena i32) (local $r i32) (local $o i32)
    (local $a i32) (local $len i32) (local $p i32) (local $h i32) (local $s i32) (local $k i32) (local $e i32)
    (local $sb i32) (local $lo i64) (local $hi i64) (local $x i64) (local $m i64)
    (local.set $mask (i32.load (local.get $tab)))
    (local.set $slots (i32.load offset=4 (local.get $tab)))
    (local.set $entries (i32.load offset=8 (local.get $tab)))
    (local.set $arena (i32.load offset=12 (local.get $tab)))
    (local.set $sb (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $o (i32.shl (i32.add (i32.mul (local.get $from) (local.get $stride)) (local.get $col)) (i32.const 2)))
    (local.set $r (local.get $from))
    (block $end
      (loop $row
        (br_if $end (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $a (i32.load (i32.add (local.get $starts) (local.get $o))))
        (local.set $len (i32.sub (i32.load (i32.add (local.get $ends) (local.get $o))) (local.get $a)))
        (local.set $p (i32.add (local.get $src) (local.get $a)))
        (local.set $lo (i64.load align=1 (local.get $p)))
        (local.set $hi (i64.load offset=8 align=1 (local.get $p)))
        (if (i32.lt_u (local.get $len) (i32.const 16))
          (then
            ;; Bytes past the key zeroed: a mask of (len * 8) bits over the 128 (the shift taken mod 64).
            (local.set $m (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3)))) (i64.const 1)))
            (if (i32.lt_u (local.get $len) (i32.const 8))
              (then
                (local.set $lo (i64.and (local.get $lo) (local.get $m)))
                (local.set $hi (i64.const 0)))
              (else (local.set $hi (i64.and (local.get $hi) (local.get $m)))))))
        (if (i32.le_u (local.get $len) (i32.const 16))
          (then
            (local.set $x (i64.xor (i64.xor (i64.mul (local.get $lo) (i64.const 0x9e3779b97f4a7c15))
              (i64.mul (local.get $hi) (i64.const 0xc2b2ae3d27d4eb4f))) (i64.extend_i32_u (local.get $len))))
            (local.set $x (i64.mul (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 32))) (i64.const 0xd6e8feb86659fd93)))
            (local.set $h (i32.wrap_i64 (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 29))))))
          (else (local.set $h (call $hash (local.get $p) (local.get $len)))))
        (local.set $s (i32.and (local.get $h) (local.get $mask)))
        (block $found
          (loop $probe
            (local.set $k (i32.load (i32.add (local.get $slots) (i32.shl (local.get $s) (i32.const 2)))))
            (if (i32.lt_s (local.get $k) (i32.const 0))
              (then
                (global.set $hit (i32.const -1))
                (return (local.get $r))))
            (local.set $e (i32.add (local.get $entries) (i32.mul (local.get $k) (i32.const 40))))
            (if (i32.and
                  (i32.and (i32.eq (i32.load offset=8 (local.get $e)) (local.get $h)) (i32.eq (i32.load offset=12 (local.get $e)) (local.get $len)))
                  (i32.and (i64.eq (i64.load offset=24 (local.get $e)) (local.get $lo)) (i64.eq (i64.load offset=32 (local.get $e)) (local.get $hi))))
              (then
                (br_if $found (i32.le_u (local.get $len) (i32.const 16)))
                (br_if $found (call $same (i32.add (local.get $p) (i32.const 16))
                  (i32.add (i32.add (local.get $arena) (i32.load offset=16 (local.get $e))) (i32.const 16))
                  (i32.sub (local.get $len) (i32.const 16))))))
            (local.set $s (i32.and (i32.add (local.get $s) (i32.const 1)) (local.get $mask)))
            (br $probe)))
        (if (local.get $wide)
          (then (f64.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))) (f64.load (local.get $e))))
          (else (i32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))) (i32.trunc_f64_s (f64.load (local.get $e))))))
        (if (i32.load offset=20 (local.get $e))
          (then
            (global.set $hit (local.get $k))
            (return (local.get $r))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (local.set $o (i32.add (local.get $o) (local.get $sb)))
        (br $row)))
    (local.get $rows))

    ;; Numbers of field $col of rows [$from, $rows) as f64 to $out: `[+-]?\d*([.,]\d*)?` with 1-15 digits, the
  ;; arithmetic of numberFromBytes in importer.ts (so the same double). Stops at the first other cell (the
  ;; caller reads it as text) and returns its row; returns $rows when every row is done.
  (func (export "numbers")
    (param $src i32) (param $starts i32) (param $ends i32) (param $stride i32) (param $col i32)
    (param $from i32) (param $rows i32) (param $out i32) (param $dec i32) (result i32)
    (local $r i32) (local $o i32) (local $sb i32) (local $i i32) (local $b i32) (local $c i32) (local $neg i32)
    (local $ds i32) (local $nd i32) (local $fs i32) (local $frac i32) (local $m f64) (local $p f64)
    (local.set $sb (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $o (i32.shl (i32.add (i32.mul (local.get $from) (local.get $stride)) (local.get $col)) (i32.const 2)))
    (local.set $r (local.get $from))
    (block $end
      (loop $row
        (br_if $end (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $i (i32.add (local.get $src) (i32.load (i32.add (local.get $starts) (local.get $o)))))
        (local.set $b (i32.add (local.get $src) (i32.load (i32.add (local.get $ends) (local.get $o)))))
        (if (i32.eq (local.get $i) (local.get $b)) (then (return (local.get $r))))
        (local.set $neg (i32.const 0))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 45))
          (then (local.set $neg (i32.const 1)) (local.set $i (i32.add (local.get $i) (i32.const 1))))
          (else (if (i32.eq (local.get $c) (i32.const 43)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))))
        (local.set $ds (local.get $i))
        (local.set $m (f64.const 0))
        (block $int_done
          (loop $int
            (br_if $int_done (i32.ge_s (local.get $i) (local.get $b)))
            (local.set $c (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)))
            (br_if $int_done (i32.gt_u (local.get $c) (i32.const 9)))
            (local.set $m (f64.add (f64.mul (local.get $m) (f64.const 10)) (f64.convert_i32_u (local.get $c))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $int)))
        (local.set $nd (i32.sub (local.get $i) (local.get $ds)))
        (local.set $frac (i32.const 0))
        (if (i32.and (i32.lt_s (local.get $i) (local.get $b)) (i32.eq (i32.load8_u (local.get $i)) (local.get $dec)))
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $fs (local.get $i))
            (block $frac_done
              (loop $fl
                (br_if $frac_done (i32.ge_s (local.get $i) (local.get $b)))
                (local.set $c (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)))
                (br_if $frac_done (i32.gt_u (local.get $c) (i32.const 9)))
                (local.set $m (f64.add (f64.mul (local.get $m) (f64.const 10)) (f64.convert_i32_u (local.get $c))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $fl)))
            (local.set $frac (i32.sub (local.get $i) (local.get $fs)))
            (local.set $nd (i32.add (local.get $nd) (local.get $frac)))))
        (if (i32.or (i32.ne (local.get $i) (local.get $b))
              (i32.or (i32.eqz (local.get $nd)) (i32.gt_s (local.get $nd) (i32.const 15))))
          (then (return (local.get $r))))
        (if (local.get $frac)
          (then
            ;; 10^frac by repeated multiplication: exact (10^15 < 2^53), the same double as POW10[frac].
            (local.set $p (f64.const 1))
            (loop $pow
              (local.set $p (f64.mul (local.get $p) (f64.const 10)))
              (local.set $frac (i32.sub (local.get $frac) (i32.const 1)))
              (br_if $pow (local.get $frac)))
            (local.set $m (f64.div (local.get $m) (local.get $p)))))
        (if (local.get $neg) (then (local.set $m (f64.neg (local.get $m)))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))) (local.get $m))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (local.set $o (i32.add (local.get $o) (local.get $sb)))
        (br $row)))
    (local.get $rows))
)
