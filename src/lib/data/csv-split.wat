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
)
