;; Fast TreeSHAP v2 rows (tree-fast.ts's flatShapRows) on WebAssembly. Source of tree-kernel.generated.ts:
;; edit this file, then run `node scripts/build-wasm.mjs` (a unit test checks the two agree).
;;
;; Records (tree-fast.ts, RECORD_I32): 32 bytes, f64 threshold at 0 and at 8 the feature (an upper node) or
;; -(k + 1) (a unit of k splits). An upper node has missingLeft at 12, its children's record ordinals (the
;; pattern scratch's index) at 16 and 20, its pattern slot at 24. A unit has um at 12, its feature list's
;; offset (i32) at 16, its table's (f64) at 20, nf at 24, then 16 bytes per split: f64 threshold, feature,
;; missingLeft. Rows go in blocks of 128, trees inside a block, so a tree's tables serve the whole block from
;; cache. Each thread passes its own pattern scratch (i32 per record) and a disjoint row range; the same adds
;; in the same order as the TypeScript loop, so the results are identical.
(module
  (import "env" "memory" (memory 1 65536 @SHARED@))

  ;; roots: i32 pairs per tree (record start as an i32 index from $nodes, first record ordinal), T + 1 of them.
  (func $rows (export "rows")
    (param $nodes i32) (param $roots i32) (param $T i32) (param $lfeat i32) (param $w i32)
    (param $X i32) (param $F i32) (param $out i32) (param $pat i32) (param $r0 i32) (param $r1 i32)
    (local $b0 i32) (local $b1 i32) (local $t i32) (local $q0 i32) (local $qe i32) (local $o0 i32) (local $r i32)
    (local $xo i32) (local $po i32) (local $n i32) (local $q i32) (local $f i32) (local $p i32)
    (local $v f64) (local $left i32) (local $cleared i32) (local $fo i32) (local $wo i32)
    (local $fend i32) (local $a i32) (local $rowX i32) (local $rowOut i32) (local $rt i32)
    (local $k i32) (local $j i32) (local $c i32) (local $bits i32) (local $um i32) (local $nf i32)
    (local.set $rowX (i32.shl (local.get $F) (i32.const 2)))
    (local.set $rowOut (i32.shl (i32.add (local.get $F) (i32.const 1)) (i32.const 3)))
    (local.set $b0 (local.get $r0))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.ge_u (local.get $b0) (local.get $r1)))
        (local.set $b1 (i32.add (local.get $b0) (i32.const 128)))
        (if (i32.gt_u (local.get $b1) (local.get $r1)) (then (local.set $b1 (local.get $r1))))
        (local.set $t (i32.const 0))
        (block $trees_done
          (loop $tree
            (br_if $trees_done (i32.ge_u (local.get $t) (local.get $T)))
            (local.set $rt (i32.add (local.get $roots) (i32.shl (local.get $t) (i32.const 3))))
            (local.set $q0 (i32.add (local.get $nodes) (i32.shl (i32.load (local.get $rt)) (i32.const 2))))
            (local.set $o0 (i32.load offset=4 (local.get $rt)))
            (local.set $qe (i32.add (local.get $nodes) (i32.shl (i32.load offset=8 (local.get $rt)) (i32.const 2))))
            (local.set $r (local.get $b0))
            (block $rows_done
              (loop $row
                (br_if $rows_done (i32.ge_u (local.get $r) (local.get $b1)))
                (local.set $xo (i32.add (local.get $X) (i32.mul (local.get $r) (local.get $rowX))))
                (local.set $po (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $rowOut))))
                (i32.store (i32.add (local.get $pat) (i32.shl (local.get $o0) (i32.const 2))) (i32.const -1))
                (local.set $n (local.get $o0))
                (local.set $q (local.get $q0))
                (block $nodes_done
                  (loop $node
                    (br_if $nodes_done (i32.ge_u (local.get $q) (local.get $qe)))
                    (local.set $f (i32.load offset=8 (local.get $q)))
                    (local.set $p (i32.load (i32.add (local.get $pat) (i32.shl (local.get $n) (i32.const 2)))))
                    (if (i32.ge_s (local.get $f) (i32.const 0))
                      (then
                        (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $xo) (i32.shl (local.get $f) (i32.const 2))))))
                        ;; left when v <= threshold, or v is missing and missing values go left
                        (local.set $left (i32.or
                          (f64.le (local.get $v) (f64.load (local.get $q)))
                          (i32.and (f64.ne (local.get $v) (local.get $v)) (i32.load offset=12 (local.get $q)))))
                        (local.set $cleared (i32.and (local.get $p)
                          (i32.xor (i32.shl (i32.const 1) (i32.load offset=24 (local.get $q))) (i32.const -1))))
                        (i32.store (i32.add (local.get $pat) (i32.shl (i32.load offset=16 (local.get $q)) (i32.const 2)))
                          (select (local.get $p) (local.get $cleared) (local.get $left)))
                        (i32.store (i32.add (local.get $pat) (i32.shl (i32.load offset=20 (local.get $q)) (i32.const 2)))
                          (select (local.get $cleared) (local.get $p) (local.get $left)))
                        (local.set $q (i32.add (local.get $q) (i32.const 32))))
                      (else
                        ;; a unit: the row's direction at each of its k splits, then one table row
                        (local.set $k (i32.sub (i32.const -1) (local.get $f)))
                        (local.set $bits (i32.const 0))
                        (local.set $j (i32.const 0))
                        (local.set $c (i32.add (local.get $q) (i32.const 32)))
                        (block $splits_done
                          (loop $split
                            (br_if $splits_done (i32.ge_u (local.get $j) (local.get $k)))
                            (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $xo) (i32.shl (i32.load offset=8 (local.get $c)) (i32.const 2))))))
                            (local.set $left (i32.or
                              (f64.le (local.get $v) (f64.load (local.get $c)))
                              (i32.and (f64.ne (local.get $v) (local.get $v)) (i32.load offset=12 (local.get $c)))))
                            (local.set $bits (i32.or (local.get $bits) (i32.shl (local.get $left) (local.get $j))))
                            (local.set $c (i32.add (local.get $c) (i32.const 16)))
                            (local.set $j (i32.add (local.get $j) (i32.const 1)))
                            (br $split)))
                        (local.set $um (i32.load offset=12 (local.get $q)))
                        (local.set $nf (i32.load offset=24 (local.get $q)))
                        (local.set $fo (i32.add (local.get $lfeat) (i32.shl (i32.load offset=16 (local.get $q)) (i32.const 2))))
                        (local.set $fend (i32.add (local.get $fo) (i32.shl (local.get $nf) (i32.const 2))))
                        (local.set $wo (i32.add (local.get $w) (i32.shl
                          (i32.add (i32.load offset=20 (local.get $q))
                            (i32.mul
                              (i32.or
                                (i32.and (local.get $p) (i32.sub (i32.shl (i32.const 1) (local.get $um)) (i32.const 1)))
                                (i32.shl (local.get $bits) (local.get $um)))
                              (local.get $nf)))
                          (i32.const 3))))
                        (block $adds_done
                          (loop $add
                            (br_if $adds_done (i32.ge_u (local.get $fo) (local.get $fend)))
                            (local.set $a (i32.add (local.get $po) (i32.shl (i32.load (local.get $fo)) (i32.const 3))))
                            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.load (local.get $wo))))
                            (local.set $fo (i32.add (local.get $fo) (i32.const 4)))
                            (local.set $wo (i32.add (local.get $wo) (i32.const 8)))
                            (br $add)))
                        (local.set $q (local.get $c))))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br $node)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $row)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tree)))
        (local.set $b0 (local.get $b1))
        (br $block)))))
