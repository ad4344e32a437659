;; GBDT histograms and row partition on WebAssembly SIMD. Source of hist-kernel.generated.ts: edit this
;; file, then run `node scripts/build-wasm.mjs` (a unit test checks the two agree).
;;
;; The same data as histogram.ts / partition.ts, in the kernel's memory: row records of `stride` u32 words
;; (4 features' 8-bit bins per word, then the row id) and their interleaved [g, h] f64 pairs. A histogram
;; is [g, h] f64 pairs per bin, so one bin update is one f64x2 load-add-store (V8 does two scalar ones and
;; checks bounds on each). Rows are added in record order, as histogram.ts does, so a single range gives
;; bit-identical sums; helper threads each fill their own histogram slot over a row shard.
(module
  (import "env" "memory" (memory 1 65536 @SHARED@))

  ;; hist[slot + bin] += [g, h] of records [start, end), for the word groups listed at $groups (i32 ids).
  ;; $slots: i32 per word slot (group * 4 + j): byte offset of that feature's bins from $hist (pad slots
  ;; point to a scratch bin). The caller zeroes the groups' ranges first.
  (func $hist8 (export "hist8")
    (param $rec i32) (param $stride i32) (param $grad i32) (param $start i32) (param $end i32)
    (param $hist i32) (param $slots i32) (param $groups i32) (param $nGroups i32)
    (local $j i32) (local $g i32) (local $sp i32) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $p i32) (local $q i32) (local $k i32) (local $step i32) (local $w i32) (local $v i32)
    (local $gw v128) (local $gv v128) (local $a i32)
    (local.set $step (i32.shl (local.get $stride) (i32.const 2)))
    (block $groups_done
      (loop $group
        (br_if $groups_done (i32.ge_u (local.get $j) (local.get $nGroups)))
        (local.set $g (i32.load (i32.add (local.get $groups) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $sp (i32.add (local.get $slots) (i32.shl (local.get $g) (i32.const 4))))
        (local.set $o0 (i32.add (local.get $hist) (i32.load (local.get $sp))))
        (local.set $o1 (i32.add (local.get $hist) (i32.load offset=4 (local.get $sp))))
        (local.set $o2 (i32.add (local.get $hist) (i32.load offset=8 (local.get $sp))))
        (local.set $o3 (i32.add (local.get $hist) (i32.load offset=12 (local.get $sp))))
        (local.set $p (i32.add (local.get $rec)
          (i32.shl (i32.add (i32.mul (local.get $start) (local.get $stride)) (local.get $g)) (i32.const 2))))
        (local.set $q (i32.add (local.get $grad) (i32.shl (local.get $start) (i32.const 4))))
        (local.set $k (local.get $start))
        ;; two rows per turn, both rows' loads ahead of their eight read-modify-writes
        (block $pairs_done
          (loop $pair
            (br_if $pairs_done (i32.gt_u (i32.add (local.get $k) (i32.const 2)) (local.get $end)))
            (local.set $w (i32.load (local.get $p)))
            (local.set $v (i32.load (i32.add (local.get $p) (local.get $step))))
            (local.set $gw (v128.load (local.get $q)))
            (local.set $gv (v128.load offset=16 (local.get $q)))
            (local.set $a (i32.add (local.get $o0) (i32.shl (i32.and (local.get $w) (i32.const 255)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gw)))
            (local.set $a (i32.add (local.get $o1) (i32.shl (i32.and (i32.shr_u (local.get $w) (i32.const 8)) (i32.const 255)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gw)))
            (local.set $a (i32.add (local.get $o2) (i32.shl (i32.and (i32.shr_u (local.get $w) (i32.const 16)) (i32.const 255)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gw)))
            (local.set $a (i32.add (local.get $o3) (i32.shl (i32.shr_u (local.get $w) (i32.const 24)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gw)))
            (local.set $a (i32.add (local.get $o0) (i32.shl (i32.and (local.get $v) (i32.const 255)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $o1) (i32.shl (i32.and (i32.shr_u (local.get $v) (i32.const 8)) (i32.const 255)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $o2) (i32.shl (i32.and (i32.shr_u (local.get $v) (i32.const 16)) (i32.const 255)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $o3) (i32.shl (i32.shr_u (local.get $v) (i32.const 24)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gv)))
            (local.set $p (i32.add (local.get $p) (i32.shl (local.get $step) (i32.const 1))))
            (local.set $q (i32.add (local.get $q) (i32.const 32)))
            (local.set $k (i32.add (local.get $k) (i32.const 2)))
            (br $pair)))
        (if (i32.lt_u (local.get $k) (local.get $end))
          (then
            (local.set $w (i32.load (local.get $p)))
            (local.set $gw (v128.load (local.get $q)))
            (local.set $a (i32.add (local.get $o0) (i32.shl (i32.and (local.get $w) (i32.const 255)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gw)))
            (local.set $a (i32.add (local.get $o1) (i32.shl (i32.and (i32.shr_u (local.get $w) (i32.const 8)) (i32.const 255)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gw)))
            (local.set $a (i32.add (local.get $o2) (i32.shl (i32.and (i32.shr_u (local.get $w) (i32.const 16)) (i32.const 255)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gw)))
            (local.set $a (i32.add (local.get $o3) (i32.shl (i32.shr_u (local.get $w) (i32.const 24)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gw)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $group))))

  ;; hist8 for a list of jobs (a level's histograms in one helper call): $nJobs records of 5 i32 at $jobs, each
  ;; rec, grad, start, end, hist as hist8 takes them.
  (func (export "hist8Jobs")
    (param $jobs i32) (param $nJobs i32) (param $stride i32) (param $slots i32) (param $groups i32) (param $nGroups i32)
    (local $i i32) (local $jp i32)
    (block $done
      (loop $job
        (br_if $done (i32.ge_u (local.get $i) (local.get $nJobs)))
        (local.set $jp (i32.add (local.get $jobs) (i32.mul (local.get $i) (i32.const 20))))
        (call $hist8 (i32.load (local.get $jp)) (local.get $stride) (i32.load offset=4 (local.get $jp))
          (i32.load offset=8 (local.get $jp)) (i32.load offset=12 (local.get $jp)) (i32.load offset=16 (local.get $jp))
          (local.get $slots) (local.get $groups) (local.get $nGroups))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $job))))

  ;; f64 at $a -= f64 at $b over $n bytes (a multiple of 16): a larger child's histogram as its parent's minus the
  ;; smaller child's, two bins' [g, h] halves at a time (the same subtractions as histogram.ts subtractHistogram).
  (func (export "sub") (param $a i32) (param $b i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store (local.get $a) (f64x2.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $next))))

  ;; Stable partition of records [start, end) by one feature's bin (as partitionRows in partition.ts), from
  ;; one record buffer into the other (ping-pong: no scratch, no copy back): left records go to the
  ;; destination from $start, right ones from $mid (the caller knows the left count from the split's row
  ;; counts). Returns the left records found, which the caller checks against $mid - $start.
  (func $part (export "part")
    (param $srcRec i32) (param $srcGrad i32) (param $dstRec i32) (param $dstGrad i32) (param $stride i32)
    (param $start i32) (param $end i32) (param $mid i32) (param $word i32) (param $shift i32) (param $cut i32)
    (param $missingBin i32) (param $missingLeft i32) (param $mask i32)
    (result i32)
    (local $step i32) (local $src i32) (local $srcEnd i32) (local $dl i32) (local $dr i32) (local $dst i32)
    (local $c i32) (local $b i32) (local $left i32) (local $l i32) (local $gs i32) (local $gl i32) (local $gr i32)
    (local $n4 i32) (local $v v128)
    (local.set $step (i32.shl (local.get $stride) (i32.const 2)))
    ;; whole 16-byte copies before the last one (which ends at the record's end)
    (local.set $n4 (i32.and (i32.sub (local.get $step) (i32.const 1)) (i32.const -16)))
    (local.set $src (i32.add (local.get $srcRec) (i32.mul (local.get $start) (local.get $step))))
    (local.set $srcEnd (i32.add (local.get $srcRec) (i32.mul (local.get $end) (local.get $step))))
    (local.set $dl (i32.add (local.get $dstRec) (i32.mul (local.get $start) (local.get $step))))
    (local.set $dr (i32.add (local.get $dstRec) (i32.mul (local.get $mid) (local.get $step))))
    (local.set $gs (i32.add (local.get $srcGrad) (i32.shl (local.get $start) (i32.const 4))))
    (local.set $gl (i32.add (local.get $dstGrad) (i32.shl (local.get $start) (i32.const 4))))
    (local.set $gr (i32.add (local.get $dstGrad) (i32.shl (local.get $mid) (i32.const 4))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $src) (local.get $srcEnd)))
        (local.set $b (i32.and
          (i32.shr_u (i32.load (i32.add (local.get $src) (i32.shl (local.get $word) (i32.const 2)))) (local.get $shift))
          (local.get $mask)))
        (local.set $left (select (local.get $missingLeft) (i32.le_u (local.get $b) (local.get $cut))
          (i32.eq (local.get $b) (local.get $missingBin))))
        ;; branch-free (the side is a coin flip for the predictor): one copy to the side's next slot
        (local.set $dst (select (local.get $dl) (local.get $dr) (local.get $left)))
        (if (i32.ge_u (local.get $step) (i32.const 16))
          (then
            ;; 16-byte copies, the last one ending at the record's end (overlapping the one before when the record is
            ;; not a multiple of 16 bytes): no word-by-word tail loop, and nothing written outside the record's slot
            (local.set $c (i32.const 0))
            (block $c4_done
              (loop $c4
                (br_if $c4_done (i32.ge_u (local.get $c) (local.get $n4)))
                (v128.store (i32.add (local.get $dst) (local.get $c)) (v128.load (i32.add (local.get $src) (local.get $c))))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $c4)))
            (local.set $c (i32.sub (local.get $step) (i32.const 16)))
            (v128.store (i32.add (local.get $dst) (local.get $c)) (v128.load (i32.add (local.get $src) (local.get $c)))))
          (else
            (local.set $c (i32.const 0))
            (block $c1_done
              (loop $c1
                (br_if $c1_done (i32.ge_u (local.get $c) (local.get $step)))
                (i32.store (i32.add (local.get $dst) (local.get $c)) (i32.load (i32.add (local.get $src) (local.get $c))))
                (local.set $c (i32.add (local.get $c) (i32.const 4)))
                (br $c1)))))
        (v128.store (select (local.get $gl) (local.get $gr) (local.get $left)) (v128.load (local.get $gs)))
        (local.set $dl (i32.add (local.get $dl) (select (local.get $step) (i32.const 0) (local.get $left))))
        (local.set $dr (i32.add (local.get $dr) (select (i32.const 0) (local.get $step) (local.get $left))))
        (local.set $gl (i32.add (local.get $gl) (i32.shl (local.get $left) (i32.const 4))))
        (local.set $gr (i32.add (local.get $gr) (i32.shl (i32.xor (local.get $left) (i32.const 1)) (i32.const 4))))
        (local.set $l (i32.add (local.get $l) (local.get $left)))
        (local.set $src (i32.add (local.get $src) (local.get $step)))
        (local.set $gs (i32.add (local.get $gs) (i32.const 16)))
        (br $row)))
    (local.get $l))

  ;; A level's splits shared out by node: per job, part() of one node's records, then hist8 of its smaller
  ;; child's (when it needs a histogram), so a helper has both the partitions and the histograms of its
  ;; nodes in one call. $nJobs records of 16 i32 at $jobs: part's srcRec srcGrad dstRec dstGrad start end
  ;; mid word shift cut missingBin missingLeft, then the histogram's byte offset (0: none), its records'
  ;; start and end on the destination side; the left count found is written into the last word.
  (func (export "levelJobs")
    (param $jobs i32) (param $nJobs i32) (param $stride i32) (param $slots i32) (param $groups i32) (param $nGroups i32)
    (param $mask i32)
    (local $i i32) (local $jp i32)
    (block $done
      (loop $job
        (br_if $done (i32.ge_u (local.get $i) (local.get $nJobs)))
        (local.set $jp (i32.add (local.get $jobs) (i32.shl (local.get $i) (i32.const 6))))
        (i32.store offset=60 (local.get $jp)
          (call $part (i32.load (local.get $jp)) (i32.load offset=4 (local.get $jp)) (i32.load offset=8 (local.get $jp))
            (i32.load offset=12 (local.get $jp)) (local.get $stride) (i32.load offset=16 (local.get $jp))
            (i32.load offset=20 (local.get $jp)) (i32.load offset=24 (local.get $jp)) (i32.load offset=28 (local.get $jp))
            (i32.load offset=32 (local.get $jp)) (i32.load offset=36 (local.get $jp)) (i32.load offset=40 (local.get $jp))
            (i32.load offset=44 (local.get $jp)) (local.get $mask)))
        (if (i32.load offset=48 (local.get $jp))
          (then
            (call $hist8 (i32.load offset=8 (local.get $jp)) (local.get $stride) (i32.load offset=12 (local.get $jp))
              (i32.load offset=52 (local.get $jp)) (i32.load offset=56 (local.get $jp)) (i32.load offset=48 (local.get $jp))
              (local.get $slots) (local.get $groups) (local.get $nGroups))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $job)))))
