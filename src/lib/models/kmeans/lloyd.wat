;; One Lloyd pass over a range of rows, WebAssembly SIMD. Source of lloyd-kernel.generated.ts:
;; edit this file, then run `node scripts/build-wasm.mjs` (a unit test checks the two agree).
;;
;; Why hand-written: tfjs has no fused "nearest centre + per-cluster sums" kernel, and its wasm
;; backend runs the E-step (matMul + argMin) on one thread here while the sums are a second JS pass.
;; This does both in one pass, 4 centres per SIMD vector (8 per loaded coordinate), and several
;; threads can run disjoint row ranges on one shared memory (each thread its own sums slot).
;; (Measured: handling two points per pass to share the centre loads was no faster.)
;;
;; Layout (byte offsets, all chosen by the caller):
;;   px  f32[n * d]        points, row-major
;;   pc  f32[d * kpad]     centres transposed: pc[j * kpad + c]; kpad = k rounded up to 4,
;;                         padding centres hold +Infinity so they are never nearest
;;   pl  i32[n]            labels, read (to count changes) and written
;;   ps  f64[k * d + k]    this range's per-cluster coordinate sums, then counts; added to
;;
;; Distances are exact squared differences in float32 (not |x|^2 - 2x.c + |c|^2, which loses
;; precision on unstandardised data far from the origin); ties go to the lowest centre index.
(module
  (import "env" "memory" (memory 1 65536 @SHARED@))
  (func (export "assign")
    (param $px i32) (param $start i32) (param $end i32) (param $d i32)
    (param $pc i32) (param $kpad i32) (param $pl i32) (param $ps i32) (param $k i32)
    (result i32)
    (local $i i32) (local $row i32) (local $rowEnd i32) (local $rowBytes i32) (local $stride i32)
    (local $g i32) (local $groups i32) (local $xp i32) (local $cp i32)
    (local $acc0 v128) (local $acc1 v128) (local $diff v128) (local $xs v128)
    (local $bestV v128) (local $bestI v128) (local $idx v128) (local $mask v128) (local $m v128)
    (local $best i32) (local $changed i32) (local $sp i32) (local $cnt i32) (local $lp i32)
    (local $pairsEnd i32)

    (local.set $groups (i32.shr_u (local.get $kpad) (i32.const 2)))
    (local.set $stride (i32.shl (local.get $kpad) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (local.set $cnt (i32.add (local.get $ps) (i32.shl (i32.mul (local.get $k) (local.get $d)) (i32.const 3))))
    (local.set $i (local.get $start))
    (local.set $row (i32.add (local.get $px) (i32.mul (local.get $start) (local.get $rowBytes))))
    (local.set $lp (i32.add (local.get $pl) (i32.shl (local.get $start) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $rowEnd (i32.add (local.get $row) (local.get $rowBytes)))
        (local.set $bestV (f32x4.splat (f32.const inf)))
        (local.set $bestI (v128.const i32x4 0 0 0 0))
        (local.set $idx (v128.const i32x4 0 1 2 3))
        (local.set $g (i32.const 0))
        (block $groups_done
          (loop $group
            (br_if $groups_done (i32.ge_u (local.get $g) (local.get $groups)))
            (local.set $cp (i32.add (local.get $pc) (i32.shl (local.get $g) (i32.const 4))))
            (local.set $acc0 (v128.const f32x4 0 0 0 0))
            (local.set $xp (local.get $row))
            (if (i32.lt_u (i32.add (local.get $g) (i32.const 1)) (local.get $groups))
              (then
                ;; Eight centres at once: each x[j] is loaded and splatted once for both groups.
                (local.set $acc1 (v128.const f32x4 0 0 0 0))
                (loop $dim2
                  (local.set $xs (v128.load32_splat (local.get $xp)))
                  (local.set $diff (f32x4.sub (local.get $xs) (v128.load (local.get $cp))))
                  (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $diff) (local.get $diff))))
                  (local.set $diff (f32x4.sub (local.get $xs) (v128.load offset=16 (local.get $cp))))
                  (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $diff) (local.get $diff))))
                  (local.set $cp (i32.add (local.get $cp) (local.get $stride)))
                  (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                  (br_if $dim2 (i32.lt_u (local.get $xp) (local.get $rowEnd))))
                (local.set $mask (f32x4.lt (local.get $acc0) (local.get $bestV)))
                (local.set $bestV (v128.bitselect (local.get $acc0) (local.get $bestV) (local.get $mask)))
                (local.set $bestI (v128.bitselect (local.get $idx) (local.get $bestI) (local.get $mask)))
                (local.set $idx (i32x4.add (local.get $idx) (v128.const i32x4 4 4 4 4)))
                (local.set $mask (f32x4.lt (local.get $acc1) (local.get $bestV)))
                (local.set $bestV (v128.bitselect (local.get $acc1) (local.get $bestV) (local.get $mask)))
                (local.set $bestI (v128.bitselect (local.get $idx) (local.get $bestI) (local.get $mask)))
                (local.set $idx (i32x4.add (local.get $idx) (v128.const i32x4 4 4 4 4)))
                (local.set $g (i32.add (local.get $g) (i32.const 2)))
                (br $group)))
            ;; The last odd group of four centres.
            (loop $dim1
              (local.set $diff (f32x4.sub (v128.load32_splat (local.get $xp)) (v128.load (local.get $cp))))
              (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $diff) (local.get $diff))))
              (local.set $cp (i32.add (local.get $cp) (local.get $stride)))
              (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
              (br_if $dim1 (i32.lt_u (local.get $xp) (local.get $rowEnd))))
            ;; Strict less-than keeps the earlier (lower) centre of each lane on ties.
            (local.set $mask (f32x4.lt (local.get $acc0) (local.get $bestV)))
            (local.set $bestV (v128.bitselect (local.get $acc0) (local.get $bestV) (local.get $mask)))
            (local.set $bestI (v128.bitselect (local.get $idx) (local.get $bestI) (local.get $mask)))
            (local.set $idx (i32x4.add (local.get $idx) (v128.const i32x4 4 4 4 4)))
            (local.set $g (i32.add (local.get $g) (i32.const 1)))
            (br $group)))
        ;; Across the 4 lanes, branch-free: the smallest distance, then the lowest index holding it.
        (local.set $m (f32x4.min (local.get $bestV) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $bestV) (local.get $bestV))))
        (local.set $m (f32x4.min (local.get $m) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $m) (local.get $m))))
        (local.set $idx (v128.bitselect (local.get $bestI) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)
                                        (f32x4.eq (local.get $bestV) (local.get $m))))
        (local.set $idx (i32x4.min_s (local.get $idx) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $idx) (local.get $idx))))
        (local.set $idx (i32x4.min_s (local.get $idx) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $idx) (local.get $idx))))
        (local.set $best (i32x4.extract_lane 0 (local.get $idx)))
        ;; A point with a NaN coordinate matches no lane: it goes to centre 0, as argMin would.
        (if (i32.gt_u (local.get $best) (i32.const 0x7ffffffe)) (then (local.set $best (i32.const 0))))
        (if (i32.ne (i32.load (local.get $lp)) (local.get $best))
          (then
            (i32.store (local.get $lp) (local.get $best))
            (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))
        ;; sums[best] += x in float64, two coordinates at a time; counts[best] += 1
        (local.set $sp (i32.add (local.get $ps) (i32.shl (i32.mul (local.get $best) (local.get $d)) (i32.const 3))))
        (local.set $xp (local.get $row))
        (local.set $pairsEnd (i32.add (local.get $row) (i32.shl (i32.shr_u (local.get $d) (i32.const 1)) (i32.const 3))))
        (block $pairs_done
          (loop $pair
            (br_if $pairs_done (i32.ge_u (local.get $xp) (local.get $pairsEnd)))
            (v128.store (local.get $sp)
              (f64x2.add (v128.load (local.get $sp)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $xp)))))
            (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
            (local.set $xp (i32.add (local.get $xp) (i32.const 8)))
            (br $pair)))
        (if (i32.lt_u (local.get $xp) (local.get $rowEnd))
          (then
            (f64.store (local.get $sp) (f64.add (f64.load (local.get $sp)) (f64.promote_f32 (f32.load (local.get $xp)))))))
        (local.set $sp (i32.add (local.get $cnt) (i32.shl (local.get $best) (i32.const 3))))
        (f64.store (local.get $sp) (f64.add (f64.load (local.get $sp)) (f64.const 1)))
        (local.set $row (local.get $rowEnd))
        (local.set $lp (i32.add (local.get $lp) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $changed)))
