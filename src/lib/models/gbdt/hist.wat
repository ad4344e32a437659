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

  ;; Zeroes $n bytes (a multiple of 16) from $a.
  (func $zero (param $a i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store (local.get $a) (v128.const i64x2 0 0))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $next))))

  ;; f64 at $a += f64 at $b over $n bytes (a multiple of 16): a histogram row-sharded over threads, a helper's part
  ;; added into this thread's (exact: the gradients are rounded so that every partial sum is, train.ts).
  (func $add (export "add") (param $a i32) (param $b i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (v128.load (local.get $b))))
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
    (call $partDir (local.get $srcRec) (local.get $srcGrad) (local.get $dstRec) (local.get $dstGrad) (local.get $stride)
      (local.get $start) (local.get $end) (local.get $start) (local.get $mid) (i32.const 0) (local.get $word) (local.get $shift)
      (local.get $cut) (local.get $missingBin) (local.get $missingLeft) (local.get $mask)))

  ;; part() over records [a, b) with the left records written from row $l and the right ones from row $r, forward;
  ;; or, with $back, the records read from b - 1 down to a and written backward into the rows before $l and before $r
  ;; (so their order is kept: a node's two halves partitioned by two threads at once, the second half backward from
  ;; the ends of the children's ranges, give the one-thread partition's records, in its order).
  (func $partDir
    (param $srcRec i32) (param $srcGrad i32) (param $dstRec i32) (param $dstGrad i32) (param $stride i32)
    (param $a i32) (param $b i32) (param $l i32) (param $r i32) (param $back i32) (param $word i32) (param $shift i32)
    (param $cut i32) (param $missingBin i32) (param $missingLeft i32) (param $mask i32)
    (result i32)
    (local $step i32) (local $src i32) (local $n i32) (local $dl i32) (local $dr i32) (local $dst i32)
    (local $c i32) (local $bin i32) (local $left i32) (local $count i32) (local $gs i32) (local $gl i32) (local $gr i32)
    (local $n4 i32) (local $rs i32) (local $gsStep i32)
    (local.set $step (i32.shl (local.get $stride) (i32.const 2)))
    ;; whole 16-byte copies before the last one (which ends at the record's end)
    (local.set $n4 (i32.and (i32.sub (local.get $step) (i32.const 1)) (i32.const -16)))
    (local.set $n (i32.sub (local.get $b) (local.get $a)))
    (if (local.get $back)
      (then
        ;; first record read: b - 1; first slots written: l - 1 and r - 1; every pointer steps down
        (local.set $a (i32.sub (local.get $b) (i32.const 1)))
        (local.set $l (i32.sub (local.get $l) (i32.const 1)))
        (local.set $r (i32.sub (local.get $r) (i32.const 1)))
        (local.set $rs (i32.sub (i32.const 0) (local.get $step)))
        (local.set $gsStep (i32.const -16)))
      (else
        (local.set $rs (local.get $step))
        (local.set $gsStep (i32.const 16))))
    (local.set $src (i32.add (local.get $srcRec) (i32.mul (local.get $a) (local.get $step))))
    (local.set $dl (i32.add (local.get $dstRec) (i32.mul (local.get $l) (local.get $step))))
    (local.set $dr (i32.add (local.get $dstRec) (i32.mul (local.get $r) (local.get $step))))
    (local.set $gs (i32.add (local.get $srcGrad) (i32.shl (local.get $a) (i32.const 4))))
    (local.set $gl (i32.add (local.get $dstGrad) (i32.shl (local.get $l) (i32.const 4))))
    (local.set $gr (i32.add (local.get $dstGrad) (i32.shl (local.get $r) (i32.const 4))))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $bin (i32.and
          (i32.shr_u (i32.load (i32.add (local.get $src) (i32.shl (local.get $word) (i32.const 2)))) (local.get $shift))
          (local.get $mask)))
        (local.set $left (select (local.get $missingLeft) (i32.le_u (local.get $bin) (local.get $cut))
          (i32.eq (local.get $bin) (local.get $missingBin))))
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
        (local.set $dl (i32.add (local.get $dl) (select (local.get $rs) (i32.const 0) (local.get $left))))
        (local.set $dr (i32.add (local.get $dr) (select (i32.const 0) (local.get $rs) (local.get $left))))
        (local.set $gl (i32.add (local.get $gl) (select (local.get $gsStep) (i32.const 0) (local.get $left))))
        (local.set $gr (i32.add (local.get $gr) (select (i32.const 0) (local.get $gsStep) (local.get $left))))
        (local.set $count (i32.add (local.get $count) (local.get $left)))
        (local.set $src (i32.add (local.get $src) (local.get $rs)))
        (local.set $gs (i32.add (local.get $gs) (local.get $gsStep)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $row)))
    (local.get $count))

  ;; A level's splits on every thread at once: each takes the next job from the i32 counter at $next (zeroed by the
  ;; caller) until none is left, so a thread slowed down does fewer. Per job, partDir() of a node's records [a, b) (a whole node, or a
  ;; half of a large one: the first half forward, the second backward), then hist8 of the records it wrote to the
  ;; smaller child (when that needs a histogram), so a thread has both its partitions and its histograms in one
  ;; call. $nJobs records of 16 i32 at $jobs: srcRec srcGrad dstRec dstGrad a b l r zero word shift cut
  ;; missingBin, flags (1: missing left, 2: the smaller child is the left one, 4: backward), the histogram's byte
  ;; offset (0: none); the left count found is written into the last word. The records written: forward, lefts
  ;; from l and rights from r (the children's starts); backward, lefts up to l and rights up to r (their ends).
  ;; zero: bytes of the histogram to zero first (0: the caller did), so each thread clears its own.
  (func (export "levelJobs")
    (param $jobs i32) (param $nJobs i32) (param $stride i32) (param $slots i32) (param $groups i32) (param $nGroups i32)
    (param $mask i32) (param $next i32)
    (local $i i32) (local $jp i32) (local $flags i32) (local $found i32) (local $rights i32) (local $hs i32) (local $he i32)
    (block $done
      (loop $job
        (local.set $i (i32.atomic.rmw.add (local.get $next) (i32.const 1)))
        (br_if $done (i32.ge_u (local.get $i) (local.get $nJobs)))
        (local.set $jp (i32.add (local.get $jobs) (i32.shl (local.get $i) (i32.const 6))))
        (local.set $flags (i32.load offset=52 (local.get $jp)))
        (local.set $found
          (call $partDir (i32.load (local.get $jp)) (i32.load offset=4 (local.get $jp)) (i32.load offset=8 (local.get $jp))
            (i32.load offset=12 (local.get $jp)) (local.get $stride) (i32.load offset=16 (local.get $jp))
            (i32.load offset=20 (local.get $jp)) (i32.load offset=24 (local.get $jp)) (i32.load offset=28 (local.get $jp))
            (i32.and (local.get $flags) (i32.const 4)) (i32.load offset=36 (local.get $jp)) (i32.load offset=40 (local.get $jp))
            (i32.load offset=44 (local.get $jp)) (i32.load offset=48 (local.get $jp)) (i32.and (local.get $flags) (i32.const 1))
            (local.get $mask)))
        (i32.store offset=60 (local.get $jp) (local.get $found))
        (if (i32.load offset=56 (local.get $jp))
          (then
            (local.set $rights (i32.sub (i32.sub (i32.load offset=20 (local.get $jp)) (i32.load offset=16 (local.get $jp))) (local.get $found)))
            (if (i32.and (local.get $flags) (i32.const 4))
              (then
                (if (i32.and (local.get $flags) (i32.const 2))
                  (then
                    (local.set $he (i32.load offset=24 (local.get $jp)))
                    (local.set $hs (i32.sub (local.get $he) (local.get $found))))
                  (else
                    (local.set $he (i32.load offset=28 (local.get $jp)))
                    (local.set $hs (i32.sub (local.get $he) (local.get $rights))))))
              (else
                (if (i32.and (local.get $flags) (i32.const 2))
                  (then
                    (local.set $hs (i32.load offset=24 (local.get $jp)))
                    (local.set $he (i32.add (local.get $hs) (local.get $found))))
                  (else
                    (local.set $hs (i32.load offset=28 (local.get $jp)))
                    (local.set $he (i32.add (local.get $hs) (local.get $rights)))))))
            (call $zero (i32.load offset=56 (local.get $jp)) (i32.load offset=32 (local.get $jp)))
            (call $hist8 (i32.load offset=8 (local.get $jp)) (local.get $stride) (i32.load offset=12 (local.get $jp))
              (local.get $hs) (local.get $he) (i32.load offset=56 (local.get $jp))
              (local.get $slots) (local.get $groups) (local.get $nGroups))))
        (br $job))))

  ;; The split search's screen (split.ts screen) over a node's features whose missing bin is empty, two features a
  ;; turn in the two f64 lanes: the same prefix sums, the same division-free test and the same exact gains, so the
  ;; same split bit for bit. $tab: per listed feature, the byte offset of its bins from $hist and its value bin count.
  ;; Starts at feature $j with the best gain so far $best (candidates must beat it) and returns at the first feature
  ;; with missing rows (split.ts scans it) or at $n. Writes the best gain, its gLeft and hLeft (f64), then its feature's
  ;; index in the list (i32, -1: none beat $best) and bin at $out. Needs l2 > 0 and minH >= 0 (then hl + l2 > 0 and
  ;; hr + l2 > 0 on every candidate that passes the minH tests, as the TypeScript test assumes when they fail).
  (global $sBest (mut f64) (f64.const 0))
  (global $sBin (mut i32) (i32.const -1))
  (global $sG (mut f64) (f64.const 0))
  (global $sH (mut f64) (f64.const 0))

  ;; One feature's bins [b, nv) from prefix sums gl, hl, at $p (its bin 0); a candidate that beats $sBest updates the globals.
  (func $scan1 (param $p i32) (param $b i32) (param $nv i32) (param $gl f64) (param $hl f64)
    (param $G f64) (param $H f64) (param $l2 f64) (param $minH f64) (param $parent f64) (param $slack f64)
    (local $gr f64) (local $hr f64) (local $dl f64) (local $dr f64) (local $bar f64) (local $gain f64)
    (local.set $bar (f64.add (local.get $parent) (global.get $sBest)))
    (local.set $p (i32.add (local.get $p) (i32.shl (local.get $b) (i32.const 4))))
    (block $done
      (loop $bin
        (br_if $done (i32.ge_s (local.get $b) (local.get $nv)))
        (local.set $gl (f64.add (local.get $gl) (f64.load (local.get $p))))
        (local.set $hl (f64.add (local.get $hl) (f64.load offset=8 (local.get $p))))
        (local.set $gr (f64.sub (local.get $G) (local.get $gl)))
        (local.set $hr (f64.sub (local.get $H) (local.get $hl)))
        (local.set $dl (f64.add (local.get $hl) (local.get $l2)))
        (local.set $dr (f64.add (local.get $hr) (local.get $l2)))
        (if (i32.and
              (i32.and (f64.ge (local.get $hl) (local.get $minH)) (f64.ge (local.get $hr) (local.get $minH)))
              (f64.ge
                (f64.mul
                  (f64.add (f64.mul (f64.mul (local.get $gl) (local.get $gl)) (local.get $dr))
                    (f64.mul (f64.mul (local.get $gr) (local.get $gr)) (local.get $dl)))
                  (local.get $slack))
                (f64.mul (f64.mul (local.get $bar) (local.get $dl)) (local.get $dr))))
          (then
            (local.set $gain
              (f64.sub
                (f64.add (f64.div (f64.mul (local.get $gl) (local.get $gl)) (local.get $dl))
                  (f64.div (f64.mul (local.get $gr) (local.get $gr)) (local.get $dr)))
                (local.get $parent)))
            (if (f64.gt (local.get $gain) (global.get $sBest))
              (then
                (global.set $sBest (local.get $gain))
                (local.set $bar (f64.add (local.get $parent) (local.get $gain)))
                (global.set $sBin (local.get $b))
                (global.set $sG (local.get $gl))
                (global.set $sH (local.get $hl))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bin))))

  ;; Whether the missing bin (after nv value bins at $p) holds [0, 0].
  (func $noMissing (param $p i32) (param $nv i32) (result i32)
    (local.set $p (i32.add (local.get $p) (i32.shl (local.get $nv) (i32.const 4))))
    (i32.and (f64.eq (f64.load (local.get $p)) (f64.const 0)) (f64.eq (f64.load offset=8 (local.get $p)) (f64.const 0))))

  (func (export "screen")
    (param $hist i32) (param $tab i32) (param $n i32) (param $j i32)
    (param $G f64) (param $H f64) (param $l2 f64) (param $minH f64) (param $parent f64) (param $best f64) (param $out i32)
    (result i32)
    (local $slack f64) (local $bf i32) (local $bb i32) (local $bg f64) (local $bh f64)
    (local $p0 i32) (local $nv0 i32) (local $p1 i32) (local $nv1 i32) (local $m i32) (local $b i32) (local $q0 i32) (local $q1 i32)
    (local $bin0 i32) (local $bin1 i32) (local $g0 f64) (local $h0 f64) (local $g1 f64) (local $h1 f64)
    (local $gl v128) (local $hl v128) (local $gr v128) (local $hr v128) (local $dl v128) (local $dr v128)
    (local $v0 v128) (local $v1 v128) (local $pass v128) (local $gain v128) (local $lb v128) (local $bar v128)
    (local $Gv v128) (local $Hv v128) (local $l2v v128) (local $minHv v128) (local $parentv v128) (local $slackv v128)
    (local.set $slack (f64.add (f64.const 1) (f64.const 1e-9)))
    (local.set $Gv (f64x2.splat (local.get $G)))
    (local.set $Hv (f64x2.splat (local.get $H)))
    (local.set $l2v (f64x2.splat (local.get $l2)))
    (local.set $minHv (f64x2.splat (local.get $minH)))
    (local.set $parentv (f64x2.splat (local.get $parent)))
    (local.set $slackv (f64x2.splat (local.get $slack)))
    (local.set $bf (i32.const -1))
    (block $stop
      (loop $feature
        (br_if $stop (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $p0 (i32.add (local.get $hist) (i32.load (i32.add (local.get $tab) (i32.shl (local.get $j) (i32.const 3))))))
        (local.set $nv0 (i32.load offset=4 (i32.add (local.get $tab) (i32.shl (local.get $j) (i32.const 3)))))
        (br_if $stop (i32.eqz (call $noMissing (local.get $p0) (local.get $nv0))))
        (local.set $nv1 (i32.const -1))
        (if (i32.lt_s (i32.add (local.get $j) (i32.const 1)) (local.get $n))
          (then
            (local.set $p1 (i32.add (local.get $hist) (i32.load offset=8 (i32.add (local.get $tab) (i32.shl (local.get $j) (i32.const 3))))))
            (local.set $nv1 (i32.load offset=12 (i32.add (local.get $tab) (i32.shl (local.get $j) (i32.const 3)))))
            (if (i32.eqz (call $noMissing (local.get $p1) (local.get $nv1))) (then (local.set $nv1 (i32.const -1))))))
        (if (i32.lt_s (local.get $nv1) (i32.const 0))
          (then
            ;; one feature alone (the last, or the next one has missing rows)
            (global.set $sBest (local.get $best))
            (global.set $sBin (i32.const -1))
            (call $scan1 (local.get $p0) (i32.const 0) (local.get $nv0) (f64.const 0) (f64.const 0)
              (local.get $G) (local.get $H) (local.get $l2) (local.get $minH) (local.get $parent) (local.get $slack))
            (if (i32.ge_s (global.get $sBin) (i32.const 0))
              (then
                (local.set $best (global.get $sBest))
                (local.set $bf (local.get $j))
                (local.set $bb (global.get $sBin))
                (local.set $bg (global.get $sG))
                (local.set $bh (global.get $sH))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $feature)))
        ;; two features: lane 0 and lane 1, each against $best, merged in order below
        (local.set $m (select (local.get $nv0) (local.get $nv1) (i32.lt_s (local.get $nv0) (local.get $nv1))))
        (local.set $gl (v128.const f64x2 0 0))
        (local.set $hl (v128.const f64x2 0 0))
        (local.set $lb (f64x2.splat (local.get $best)))
        (local.set $bar (f64x2.add (local.get $parentv) (local.get $lb)))
        (local.set $bin0 (i32.const -1))
        (local.set $bin1 (i32.const -1))
        (local.set $b (i32.const 0))
        (local.set $q0 (local.get $p0))
        (local.set $q1 (local.get $p1))
        (block $pair_done
          (loop $pair
            (br_if $pair_done (i32.ge_s (local.get $b) (local.get $m)))
            (local.set $v0 (v128.load (local.get $q0)))
            (local.set $v1 (v128.load (local.get $q1)))
            (local.set $gl (f64x2.add (local.get $gl)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $v0) (local.get $v1))))
            (local.set $hl (f64x2.add (local.get $hl)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $v0) (local.get $v1))))
            (local.set $gr (f64x2.sub (local.get $Gv) (local.get $gl)))
            (local.set $hr (f64x2.sub (local.get $Hv) (local.get $hl)))
            (local.set $dl (f64x2.add (local.get $hl) (local.get $l2v)))
            (local.set $dr (f64x2.add (local.get $hr) (local.get $l2v)))
            (local.set $pass
              (v128.and
                (v128.and (f64x2.ge (local.get $hl) (local.get $minHv)) (f64x2.ge (local.get $hr) (local.get $minHv)))
                (f64x2.ge
                  (f64x2.mul
                    (f64x2.add (f64x2.mul (f64x2.mul (local.get $gl) (local.get $gl)) (local.get $dr))
                      (f64x2.mul (f64x2.mul (local.get $gr) (local.get $gr)) (local.get $dl)))
                    (local.get $slackv))
                  (f64x2.mul (f64x2.mul (local.get $bar) (local.get $dl)) (local.get $dr)))))
            (if (v128.any_true (local.get $pass))
              (then
                (local.set $gain
                  (f64x2.sub
                    (f64x2.add (f64x2.div (f64x2.mul (local.get $gl) (local.get $gl)) (local.get $dl))
                      (f64x2.div (f64x2.mul (local.get $gr) (local.get $gr)) (local.get $dr)))
                    (local.get $parentv)))
                (local.set $pass (v128.and (local.get $pass) (f64x2.gt (local.get $gain) (local.get $lb))))
                (if (i32x4.extract_lane 0 (local.get $pass))
                  (then
                    (local.set $bin0 (local.get $b))
                    (local.set $g0 (f64x2.extract_lane 0 (local.get $gl)))
                    (local.set $h0 (f64x2.extract_lane 0 (local.get $hl)))))
                (if (i32x4.extract_lane 2 (local.get $pass))
                  (then
                    (local.set $bin1 (local.get $b))
                    (local.set $g1 (f64x2.extract_lane 1 (local.get $gl)))
                    (local.set $h1 (f64x2.extract_lane 1 (local.get $hl)))))
                (local.set $lb (v128.bitselect (local.get $gain) (local.get $lb) (local.get $pass)))
                (local.set $bar (f64x2.add (local.get $parentv) (local.get $lb)))))
            (local.set $q0 (i32.add (local.get $q0) (i32.const 16)))
            (local.set $q1 (i32.add (local.get $q1) (i32.const 16)))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $pair)))
        ;; the longer feature's last bins, alone
        (if (i32.gt_s (local.get $nv0) (local.get $m))
          (then
            (global.set $sBest (f64x2.extract_lane 0 (local.get $lb)))
            (global.set $sBin (local.get $bin0))
            (global.set $sG (local.get $g0))
            (global.set $sH (local.get $h0))
            (call $scan1 (local.get $p0) (local.get $m) (local.get $nv0) (f64x2.extract_lane 0 (local.get $gl)) (f64x2.extract_lane 0 (local.get $hl))
              (local.get $G) (local.get $H) (local.get $l2) (local.get $minH) (local.get $parent) (local.get $slack))
            (local.set $lb (f64x2.replace_lane 0 (local.get $lb) (global.get $sBest)))
            (local.set $bin0 (global.get $sBin))
            (local.set $g0 (global.get $sG))
            (local.set $h0 (global.get $sH))))
        (if (i32.gt_s (local.get $nv1) (local.get $m))
          (then
            (global.set $sBest (f64x2.extract_lane 1 (local.get $lb)))
            (global.set $sBin (local.get $bin1))
            (global.set $sG (local.get $g1))
            (global.set $sH (local.get $h1))
            (call $scan1 (local.get $p1) (local.get $m) (local.get $nv1) (f64x2.extract_lane 1 (local.get $gl)) (f64x2.extract_lane 1 (local.get $hl))
              (local.get $G) (local.get $H) (local.get $l2) (local.get $minH) (local.get $parent) (local.get $slack))
            (local.set $lb (f64x2.replace_lane 1 (local.get $lb) (global.get $sBest)))
            (local.set $bin1 (global.get $sBin))
            (local.set $g1 (global.get $sG))
            (local.set $h1 (global.get $sH))))
        ;; in feature order, a later one only where strictly better (as the sequential search keeps the first best)
        (if (i32.ge_s (local.get $bin0) (i32.const 0))
          (then
            (local.set $best (f64x2.extract_lane 0 (local.get $lb)))
            (local.set $bf (local.get $j))
            (local.set $bb (local.get $bin0))
            (local.set $bg (local.get $g0))
            (local.set $bh (local.get $h0))))
        (if (i32.and (i32.ge_s (local.get $bin1) (i32.const 0)) (f64.gt (f64x2.extract_lane 1 (local.get $lb)) (local.get $best)))
          (then
            (local.set $best (f64x2.extract_lane 1 (local.get $lb)))
            (local.set $bf (i32.add (local.get $j) (i32.const 1)))
            (local.set $bb (local.get $bin1))
            (local.set $bg (local.get $g1))
            (local.set $bh (local.get $h1))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $feature)))
    (f64.store (local.get $out) (local.get $best))
    (f64.store offset=8 (local.get $out) (local.get $bg))
    (f64.store offset=16 (local.get $out) (local.get $bh))
    (i32.store offset=24 (local.get $out) (local.get $bf))
    (i32.store offset=28 (local.get $out) (local.get $bb))
    (local.get $j))

  ;; countSplit (histogram.ts) on the kernel: over records [start, end) of $rec, the records whose bin of one feature
  ;; (word $word, bits from $shift) is <= $cut (returned) and those in its missing bin (stored as i32 at $out).
  (func (export "countSplit")
    (param $rec i32) (param $stride i32) (param $start i32) (param $end i32) (param $word i32) (param $shift i32)
    (param $cut i32) (param $missingBin i32) (param $out i32)
    (result i32)
    (local $step i32) (local $p i32) (local $e i32) (local $b i32) (local $left i32) (local $missing i32)
    (local.set $step (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $p (i32.add (i32.add (local.get $rec) (i32.mul (local.get $start) (local.get $step))) (i32.shl (local.get $word) (i32.const 2))))
    (local.set $e (i32.add (i32.add (local.get $rec) (i32.mul (local.get $end) (local.get $step))) (i32.shl (local.get $word) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
        (local.set $b (i32.and (i32.shr_u (i32.load (local.get $p)) (local.get $shift)) (i32.const 255)))
        (local.set $left (i32.add (local.get $left) (i32.le_u (local.get $b) (local.get $cut))))
        (local.set $missing (i32.add (local.get $missing) (i32.eq (local.get $b) (local.get $missingBin))))
        (local.set $p (i32.add (local.get $p) (local.get $step)))
        (br $row)))
    (i32.store (local.get $out) (local.get $missing))
    (local.get $left))

  ;; countBins (histogram.ts) of one feature on the kernel: the records of [start, end) per bin, as 256 i32 at $counts
  ;; (zeroed first). Four tables, rows dealt round-robin, so runs of equal bins do not wait on one counter, then summed.
  (func (export "countBins")
    (param $rec i32) (param $stride i32) (param $start i32) (param $end i32) (param $word i32) (param $shift i32)
    (param $counts i32)
    (local $step i32) (local $p i32) (local $e i32) (local $a i32) (local $i i32)
    (local.set $i (i32.const 0))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_u (local.get $i) (i32.const 4096)))
        (v128.store (i32.add (local.get $counts) (local.get $i)) (v128.const i32x4 0 0 0 0))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $zero)))
    (local.set $step (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $p (i32.add (i32.add (local.get $rec) (i32.mul (local.get $start) (local.get $step))) (i32.shl (local.get $word) (i32.const 2))))
    (local.set $e (i32.add (i32.add (local.get $rec) (i32.mul (local.get $end) (local.get $step))) (i32.shl (local.get $word) (i32.const 2))))
    (local.set $i (i32.const 0))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
        ;; table (i & 3) at byte 1024 * (i & 3)
        (local.set $a (i32.add (i32.add (local.get $counts) (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 10)))
          (i32.shl (i32.and (i32.shr_u (i32.load (local.get $p)) (local.get $shift)) (i32.const 255)) (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (local.get $step)))
        (br $row)))
    (local.set $i (i32.const 0))
    (block $summed
      (loop $sum
        (br_if $summed (i32.ge_u (local.get $i) (i32.const 1024)))
        (local.set $a (i32.add (local.get $counts) (local.get $i)))
        (v128.store (local.get $a)
          (i32x4.add (i32x4.add (v128.load (local.get $a)) (v128.load offset=1024 (local.get $a)))
            (i32x4.add (v128.load offset=2048 (local.get $a)) (v128.load offset=3072 (local.get $a)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $sum))))

  ;; markSplit (partition.ts) on the kernel: for records [start, end) of $rec, the row's entry of the u32 array at
  ;; $leafOf (indexed by the row id, the record's last word) gets $leftNode where the split sends the row left
  ;; (bin <= $cut, or the missing bin with $missingLeft), else $leftNode + 1.
  (func (export "markSplit")
    (param $rec i32) (param $stride i32) (param $start i32) (param $end i32) (param $word i32) (param $shift i32)
    (param $cut i32) (param $missingBin i32) (param $missingLeft i32) (param $leftNode i32) (param $leafOf i32)
    (local $step i32) (local $p i32) (local $e i32) (local $b i32) (local $id i32)
    (local.set $step (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $p (i32.add (local.get $rec) (i32.mul (local.get $start) (local.get $step))))
    (local.set $e (i32.add (local.get $rec) (i32.mul (local.get $end) (local.get $step))))
    ;; the row id's offset in a record
    (local.set $id (i32.sub (local.get $step) (i32.const 4)))
    (local.set $word (i32.shl (local.get $word) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
        (local.set $b (i32.and (i32.shr_u (i32.load (i32.add (local.get $p) (local.get $word))) (local.get $shift)) (i32.const 255)))
        (i32.store
          (i32.add (local.get $leafOf) (i32.shl (i32.load (i32.add (local.get $p) (local.get $id))) (i32.const 2)))
          (i32.sub (i32.add (local.get $leftNode) (i32.const 1))
            (select (local.get $missingLeft) (i32.le_u (local.get $b) (local.get $cut)) (i32.eq (local.get $b) (local.get $missingBin)))))
        (local.set $p (i32.add (local.get $p) (local.get $step)))
        (br $row))))
)
