;; Implicit ALS half-steps on WebAssembly SIMD (f64x2): the conjugate-gradient update of als.ts's
;; cgHalfStepTs for a range of rows, and the Gram matrix it needs. Source of als-cg-kernel.generated.ts:
;; edit this file, then run `node scripts/build-wasm.mjs` (a unit test checks the two agree).
;;
;; Factors are f64 rows of $fp (factors rounded up to a multiple of 8) doubles, zero-padded: the pad stays zero
;; through every update (its Gram row and column are zero, so is every gradient in it). Helper threads
;; run disjoint row ranges on one shared memory, each with its own scratch ($scr: 3 vectors of $fp, then
;; room for the longest row's other-side factors: a row's are gathered once, then read 1 + $steps times
;; in sequence; read in place they missed the cache on every pass, over 100,000 users' factors).
(module
  (import "env" "memory" (memory 1 65536 @SHARED@))

;; dot of two vectors of $bytes (a multiple of 64): four accumulators, so the adds do not wait on
  ;; each other (one chain made these short dots latency-bound)
  (func $dot (param $a i32) (param $b i32) (param $bytes i32) (result f64)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $pa i32) (local $pb i32) (local $end i32)
    (local.set $pa (local.get $a))
    (local.set $pb (local.get $b))
    (local.set $end (i32.add (local.get $a) (local.get $bytes)))
    (loop $l
      (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load (local.get $pa)) (v128.load (local.get $pb)))))
      (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (v128.load offset=16 (local.get $pa)) (v128.load offset=16 (local.get $pb)))))
      (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (v128.load offset=32 (local.get $pa)) (v128.load offset=32 (local.get $pb)))))
      (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (v128.load offset=48 (local.get $pa)) (v128.load offset=48 (local.get $pb)))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 64)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
      (br_if $l (i32.lt_u (local.get $pa) (local.get $end))))
    (local.set $s0 (f64x2.add (f64x2.add (local.get $s0) (local.get $s1)) (f64x2.add (local.get $s2) (local.get $s3))))
    (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))

  ;; out += s * v, over $bytes (a multiple of 64)
  (func $axpy (param $out i32) (param $v i32) (param $s f64) (param $bytes i32)
    (local $sv v128) (local $po i32) (local $pv i32) (local $end i32)
    (local.set $sv (f64x2.splat (local.get $s)))
    (local.set $po (local.get $out))
    (local.set $pv (local.get $v))
    (local.set $end (i32.add (local.get $out) (local.get $bytes)))
    (loop $l
      (v128.store (local.get $po) (f64x2.add (v128.load (local.get $po)) (f64x2.mul (local.get $sv) (v128.load (local.get $pv)))))
      (v128.store offset=16 (local.get $po) (f64x2.add (v128.load offset=16 (local.get $po)) (f64x2.mul (local.get $sv) (v128.load offset=16 (local.get $pv)))))
      (v128.store offset=32 (local.get $po) (f64x2.add (v128.load offset=32 (local.get $po)) (f64x2.mul (local.get $sv) (v128.load offset=32 (local.get $pv)))))
      (v128.store offset=48 (local.get $po) (f64x2.add (v128.load offset=48 (local.get $po)) (f64x2.mul (local.get $sv) (v128.load offset=48 (local.get $pv)))))
      (local.set $po (i32.add (local.get $po) (i32.const 64)))
      (local.set $pv (i32.add (local.get $pv) (i32.const 64)))
      (br_if $l (i32.lt_u (local.get $po) (local.get $end)))))

;; copies and zeroing of $bytes (a multiple of 64) inline: memory.copy / fill became a runtime call each
  (func $copy (param $dst i32) (param $src i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (local.get $bytes)))
    (loop $l
      (v128.store (local.get $dst) (v128.load (local.get $src)))
      (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
      (v128.store offset=32 (local.get $dst) (v128.load offset=32 (local.get $src)))
      (v128.store offset=48 (local.get $dst) (v128.load offset=48 (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
      (local.set $src (i32.add (local.get $src) (i32.const 64)))
      (br_if $l (i32.lt_u (local.get $dst) (local.get $end)))))
  (func $zero (param $dst i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (local.get $bytes)))
    (loop $l
      (v128.store (local.get $dst) (v128.const i64x2 0 0))
      (v128.store offset=16 (local.get $dst) (v128.const i64x2 0 0))
      (v128.store offset=32 (local.get $dst) (v128.const i64x2 0 0))
      (v128.store offset=48 (local.get $dst) (v128.const i64x2 0 0))
      (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
      (br_if $l (i32.lt_u (local.get $dst) (local.get $end)))))

  ;; out = sign * G v (G symmetric, $fp x $fp), accumulated row by row
  (func $mulG (param $g i32) (param $v i32) (param $out i32) (param $fp i32) (param $sign f64)
    (local $b i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $fp) (i32.const 3)))
    (call $zero (local.get $out) (local.get $bytes))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $b) (local.get $fp)))
        (call $axpy (local.get $out) (i32.add (local.get $g) (i32.mul (local.get $b) (local.get $bytes)))
          (f64.mul (local.get $sign) (f64.load (i32.add (local.get $v) (i32.shl (local.get $b) (i32.const 3)))))
          (local.get $bytes))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $l))))

  ;; G += sum over rows [start, end) of y_r y_r' (full $fp x $fp; the caller adds reg I)
  (func (export "gram") (param $y i32) (param $start i32) (param $end i32) (param $fp i32) (param $g i32)
    (local $r i32) (local $a i32) (local $bytes i32) (local $row i32)
    (local.set $bytes (i32.shl (local.get $fp) (i32.const 3)))
    (local.set $r (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $row (i32.add (local.get $y) (i32.mul (local.get $r) (local.get $bytes))))
        (local.set $a (i32.const 0))
        (block $a_done
          (loop $cols
            (br_if $a_done (i32.ge_u (local.get $a) (local.get $fp)))
            (call $axpy (i32.add (local.get $g) (i32.mul (local.get $a) (local.get $bytes))) (local.get $row)
              (f64.load (i32.add (local.get $row) (i32.shl (local.get $a) (i32.const 3)))) (local.get $bytes))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; CG update of rows [start, end) of $x (CSR $indptr/$indices/$data over the rows of $y), in place:
  ;; r = b - A x with A = G + Y'(C - I)Y, b = Y'C p, then $steps CG steps from x (als.ts cgHalfStepTs).
  (func (export "cg")
    (param $indptr i32) (param $indices i32) (param $data i32) (param $start i32) (param $end i32)
    (param $x i32) (param $y i32) (param $g i32) (param $fp i32) (param $alpha f64) (param $steps i32) (param $scr i32)
    (local $u i32) (local $q i32) (local $qEnd i32) (local $bytes i32) (local $xv i32) (local $r i32) (local $p i32) (local $ap i32)
    (local $yo i32) (local $cm1 f64) (local $d f64) (local $rsold f64) (local $rsnew f64) (local $step f64) (local $s i32)
    (local $beta v128) (local $c i32) (local $o i32) (local $ys i32) (local $n i32)
    (local.set $bytes (i32.shl (local.get $fp) (i32.const 3)))
    (local.set $r (local.get $scr))
    (local.set $p (i32.add (local.get $r) (local.get $bytes)))
    (local.set $ap (i32.add (local.get $p) (local.get $bytes)))
    (local.set $ys (i32.add (local.get $ap) (local.get $bytes)))
    (local.set $u (local.get $start))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $u) (local.get $end)))
        (local.set $xv (i32.add (local.get $x) (i32.mul (local.get $u) (local.get $bytes))))
        (local.set $q (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
        (local.set $qEnd (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
        ;; gather the row's other-side factors
        (local.set $s (local.get $q))
        (local.set $yo (local.get $ys))
        (block $gather_done
          (loop $gather
            (br_if $gather_done (i32.ge_u (local.get $s) (local.get $qEnd)))
            (call $copy (local.get $yo)
              (i32.add (local.get $y) (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $s) (i32.const 2)))) (local.get $bytes)))
              (local.get $bytes))
            (local.set $yo (i32.add (local.get $yo) (local.get $bytes)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $gather)))
        ;; r = -G x + sum (1 + cm1 - cm1 * y.x) y
        (call $mulG (local.get $g) (local.get $xv) (local.get $r) (local.get $fp) (f64.const -1))
        (local.set $s (local.get $q))
        (local.set $yo (local.get $ys))
        (block $res_done
          (loop $res
            (br_if $res_done (i32.ge_u (local.get $s) (local.get $qEnd)))
            (local.set $cm1 (f64.mul (local.get $alpha)
              (f64.promote_f32 (f32.load (i32.add (local.get $data) (i32.shl (local.get $s) (i32.const 2)))))))
            (local.set $d (call $dot (local.get $yo) (local.get $xv) (local.get $bytes)))
            (call $axpy (local.get $r) (local.get $yo)
              (f64.sub (f64.add (f64.const 1) (local.get $cm1)) (f64.mul (local.get $cm1) (local.get $d))) (local.get $bytes))
            (local.set $yo (i32.add (local.get $yo) (local.get $bytes)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $res)))
        (call $copy (local.get $p) (local.get $r) (local.get $bytes))
        (local.set $rsold (call $dot (local.get $r) (local.get $r) (local.get $bytes)))
        (if (f64.ge (local.get $rsold) (f64.const 1e-20))
          (then
            (local.set $c (i32.const 0))
            (block $cg_done
              (loop $cg
                (br_if $cg_done (i32.ge_u (local.get $c) (local.get $steps)))
                ;; ap = G p + sum cm1 (y.p) y
                (call $mulG (local.get $g) (local.get $p) (local.get $ap) (local.get $fp) (f64.const 1))
                (local.set $s (local.get $q))
                (local.set $yo (local.get $ys))
                (block $ap_done
                  (loop $apl
                    (br_if $ap_done (i32.ge_u (local.get $s) (local.get $qEnd)))
                    (local.set $cm1 (f64.mul (local.get $alpha)
                      (f64.promote_f32 (f32.load (i32.add (local.get $data) (i32.shl (local.get $s) (i32.const 2)))))))
                    (call $axpy (local.get $ap) (local.get $yo)
                      (f64.mul (local.get $cm1) (call $dot (local.get $yo) (local.get $p) (local.get $bytes))) (local.get $bytes))
                    (local.set $yo (i32.add (local.get $yo) (local.get $bytes)))
                    (local.set $s (i32.add (local.get $s) (i32.const 1)))
                    (br $apl)))
                (local.set $step (f64.div (local.get $rsold) (call $dot (local.get $p) (local.get $ap) (local.get $bytes))))
                (call $axpy (local.get $xv) (local.get $p) (local.get $step) (local.get $bytes))
                (call $axpy (local.get $r) (local.get $ap) (f64.neg (local.get $step)) (local.get $bytes))
                (local.set $rsnew (call $dot (local.get $r) (local.get $r) (local.get $bytes)))
                (br_if $cg_done (f64.lt (local.get $rsnew) (f64.const 1e-20)))
                ;; p = r + beta p
                (local.set $beta (f64x2.splat (f64.div (local.get $rsnew) (local.get $rsold))))
                (local.set $o (i32.const 0))
                (block $pd
                  (loop $pl
                    (br_if $pd (i32.ge_u (local.get $o) (local.get $bytes)))
                    (v128.store (i32.add (local.get $p) (local.get $o))
                      (f64x2.add (v128.load (i32.add (local.get $r) (local.get $o)))
                        (f64x2.mul (local.get $beta) (v128.load (i32.add (local.get $p) (local.get $o))))))
                    (local.set $o (i32.add (local.get $o) (i32.const 16)))
                    (br $pl)))
                (local.set $rsold (local.get $rsnew))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $cg)))))
        (local.set $u (i32.add (local.get $u) (i32.const 1)))
        (br $rows)))))
