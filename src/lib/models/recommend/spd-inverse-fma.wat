;; The FMA twin of spd-inverse.wat (same update, same layouts, same arguments): each multiply-subtract
;; of the 4 x 4 tile is one f64x2.relaxed_nmadd (c - a b), which V8 emits as a fused multiply-add where
;; the CPU has FMA3, so the inner loop issues 8 floating-point operations per term instead of 16: the
;; unfused kernel is bound by those operations, not by its 6 loads. Relaxed SIMD may round fused or
;; unfused, so results can differ from spd-inverse.wat's in the last bits only. Loaded only where
;; WebAssembly.validate accepts it (Chrome 114+; Node 20 only with --experimental-wasm-relaxed-simd).
;; Source of spd-inverse-fma-kernel.generated.ts: edit, then run `node scripts/build-wasm.mjs`.
(module
  (import "env" "memory" (memory 1 65536 @SHARED@))
  (func (export "update")
    (param $pc i32) (param $ld i32) (param $tri i32) (param $pu i32) (param $pr i32) (param $kk i32)
    (param $i0 i32) (param $i1 i32) (param $jc i32)
    (local $j0 i32) (local $j1 i32) (local $i i32) (local $iend i32) (local $j i32) (local $js i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $u i32) (local $r i32) (local $tend i32) (local $q i32) (local $jj i32) (local $cq i32)
    (local $acc f64)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local.set $j0 (i32.const 0))
    (block $chunks_done
      (loop $chunks
        (br_if $chunks_done (i32.ge_u (local.get $j0) (local.get $ld)))
        (local.set $j1 (i32.add (local.get $j0) (local.get $jc)))
        (if (i32.gt_u (local.get $j1) (local.get $ld)) (then (local.set $j1 (local.get $ld))))
        ;; Upper triangle: rows from j1 on have no columns in this chunk.
        (local.set $iend (local.get $i1))
        (if (i32.and (local.get $tri) (i32.lt_u (local.get $j1) (local.get $iend))) (then (local.set $iend (local.get $j1))))
        (local.set $i (local.get $i0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $iend)))
            ;; Row starts (byte addresses of element (i + q, 0), possibly before the row's first element).
            (local.set $c0 (i32.add (local.get $pc) (i32.shl
              (i32.sub (i32.mul (local.get $i) (local.get $ld))
                (i32.mul (local.get $tri) (i32.shr_u (i32.mul (local.get $i) (i32.add (local.get $i) (i32.const 1))) (i32.const 1))))
              (i32.const 3))))
            (local.set $c1 (i32.add (local.get $c0) (i32.shl (i32.sub (local.get $ld) (i32.mul (local.get $tri) (i32.add (local.get $i) (i32.const 1)))) (i32.const 3))))
            (local.set $c2 (i32.add (local.get $c1) (i32.shl (i32.sub (local.get $ld) (i32.mul (local.get $tri) (i32.add (local.get $i) (i32.const 2)))) (i32.const 3))))
            (local.set $c3 (i32.add (local.get $c2) (i32.shl (i32.sub (local.get $ld) (i32.mul (local.get $tri) (i32.add (local.get $i) (i32.const 3)))) (i32.const 3))))
            (local.set $js (local.get $j0))
            (if (local.get $tri)
              (then
                (if (i32.ge_u (local.get $i) (local.get $j0))
                  (then
                    ;; The diagonal 4 x 4 corner (in this chunk since i, j0 and jc are multiples of 4):
                    ;; only j >= i + q of row i + q exists, so scalar.
                    (local.set $q (i32.const 0))
                    (loop $cq_rows
                      (local.set $cq (select (local.get $c0) (select (local.get $c1) (select (local.get $c2) (local.get $c3)
                        (i32.eq (local.get $q) (i32.const 2))) (i32.eq (local.get $q) (i32.const 1))) (i32.eqz (local.get $q))))
                      (local.set $jj (local.get $q))
                      (loop $cq_cols
                        (local.set $acc (f64.const 0))
                        (local.set $u (i32.add (local.get $pu) (i32.add (i32.shl (i32.mul (local.get $i) (local.get $kk)) (i32.const 3)) (i32.shl (local.get $q) (i32.const 3)))))
                        (local.set $r (i32.add (local.get $pr) (i32.add (i32.shl (i32.mul (local.get $i) (local.get $kk)) (i32.const 3)) (i32.shl (local.get $jj) (i32.const 3)))))
                        (local.set $tend (i32.add (local.get $r) (i32.shl (local.get $kk) (i32.const 5))))
                        (loop $ct
                          (local.set $acc (f64.add (local.get $acc) (f64.mul (f64.load (local.get $u)) (f64.load (local.get $r)))))
                          (local.set $u (i32.add (local.get $u) (i32.const 32)))
                          (local.set $r (i32.add (local.get $r) (i32.const 32)))
                          (br_if $ct (i32.lt_u (local.get $r) (local.get $tend))))
                        (local.set $u (i32.add (local.get $cq) (i32.shl (i32.add (local.get $i) (local.get $jj)) (i32.const 3))))
                        (f64.store (local.get $u) (f64.sub (f64.load (local.get $u)) (local.get $acc)))
                        (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
                        (br_if $cq_cols (i32.lt_u (local.get $jj) (i32.const 4))))
                      (local.set $q (i32.add (local.get $q) (i32.const 1)))
                      (br_if $cq_rows (i32.lt_u (local.get $q) (i32.const 4))))
                    (local.set $js (i32.add (local.get $i) (i32.const 4)))))))
            (local.set $j (local.get $js))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $j) (local.get $j1)))
                (local.set $u (i32.shl (local.get $j) (i32.const 3)))
                (local.set $a00 (v128.load (i32.add (local.get $c0) (local.get $u))))
                (local.set $a01 (v128.load offset=16 (i32.add (local.get $c0) (local.get $u))))
                (local.set $a10 (v128.load (i32.add (local.get $c1) (local.get $u))))
                (local.set $a11 (v128.load offset=16 (i32.add (local.get $c1) (local.get $u))))
                (local.set $a20 (v128.load (i32.add (local.get $c2) (local.get $u))))
                (local.set $a21 (v128.load offset=16 (i32.add (local.get $c2) (local.get $u))))
                (local.set $a30 (v128.load (i32.add (local.get $c3) (local.get $u))))
                (local.set $a31 (v128.load offset=16 (i32.add (local.get $c3) (local.get $u))))
                (local.set $u (i32.add (local.get $pu) (i32.shl (i32.mul (local.get $i) (local.get $kk)) (i32.const 3))))
                (local.set $r (i32.add (local.get $pr) (i32.shl (i32.mul (local.get $j) (local.get $kk)) (i32.const 3))))
                (local.set $tend (i32.add (local.get $r) (i32.shl (local.get $kk) (i32.const 5))))
                (loop $terms
                  (local.set $b0 (v128.load (local.get $r)))
                  (local.set $b1 (v128.load offset=16 (local.get $r)))
                  (local.set $s (v128.load64_splat (local.get $u)))
                  (local.set $a00 (f64x2.relaxed_nmadd (local.get $s) (local.get $b0) (local.get $a00)))
                  (local.set $a01 (f64x2.relaxed_nmadd (local.get $s) (local.get $b1) (local.get $a01)))
                  (local.set $s (v128.load64_splat offset=8 (local.get $u)))
                  (local.set $a10 (f64x2.relaxed_nmadd (local.get $s) (local.get $b0) (local.get $a10)))
                  (local.set $a11 (f64x2.relaxed_nmadd (local.get $s) (local.get $b1) (local.get $a11)))
                  (local.set $s (v128.load64_splat offset=16 (local.get $u)))
                  (local.set $a20 (f64x2.relaxed_nmadd (local.get $s) (local.get $b0) (local.get $a20)))
                  (local.set $a21 (f64x2.relaxed_nmadd (local.get $s) (local.get $b1) (local.get $a21)))
                  (local.set $s (v128.load64_splat offset=24 (local.get $u)))
                  (local.set $a30 (f64x2.relaxed_nmadd (local.get $s) (local.get $b0) (local.get $a30)))
                  (local.set $a31 (f64x2.relaxed_nmadd (local.get $s) (local.get $b1) (local.get $a31)))
                  (local.set $u (i32.add (local.get $u) (i32.const 32)))
                  (local.set $r (i32.add (local.get $r) (i32.const 32)))
                  (br_if $terms (i32.lt_u (local.get $r) (local.get $tend))))
                (local.set $u (i32.shl (local.get $j) (i32.const 3)))
                (v128.store (i32.add (local.get $c0) (local.get $u)) (local.get $a00))
                (v128.store offset=16 (i32.add (local.get $c0) (local.get $u)) (local.get $a01))
                (v128.store (i32.add (local.get $c1) (local.get $u)) (local.get $a10))
                (v128.store offset=16 (i32.add (local.get $c1) (local.get $u)) (local.get $a11))
                (v128.store (i32.add (local.get $c2) (local.get $u)) (local.get $a20))
                (v128.store offset=16 (i32.add (local.get $c2) (local.get $u)) (local.get $a21))
                (v128.store (i32.add (local.get $c3) (local.get $u)) (local.get $a30))
                (v128.store offset=16 (i32.add (local.get $c3) (local.get $u)) (local.get $a31))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $cols)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $rows)))
        (local.set $j0 (local.get $j1))
        (br $chunks)))))
