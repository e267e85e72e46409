;; K-Means kernels for d = 3: the two k-means++ passes (WebAssembly 128-bit SIMD) and the bounded
;; Lloyd assignment pass.
;;
;; Source of kmeans-kernels.wasm.ts: after editing, run `npm run build:wasm -w backend`
;; (a unit test fails while the two differ).
;;
;; Every kernel does exactly the floating-point operations of its scalar TypeScript counterpart
;; (kmeans-seeding.ts, kmeans.ts), in the same order and without fused multiply-add, so results are
;; bit-for-bit equal: ‖x − q‖² = ((x0 − q0)² + (x1 − q1)²) + (x2 − q2)², min(D², ‖x − q‖²) taken as
;; "‖x − q‖² < D² ? ‖x − q‖² : D²" (f64x2.pmin / select), x·c = (x0c0 + x1c1) + x2c2, sums
;; accumulated in point order.
;;
;; All pointers are byte offsets into the exported memory; points and centroids are row-major f64
;; triples, labels i32, per-point and per-centroid values f64.
(module
  (memory (export "memory") 1)

  ;; out[t] = Σ_i min(closest[i], ‖x_i − q_t‖²) for the 4 candidates q_0..q_3 at $cand
  ;; (12 f64, row-major); out: 4 f64. Lanes hold candidates (0, 1) and (2, 3).
  (func (export "potentials4") (param $data i32) (param $closest i32) (param $n i32) (param $cand i32) (param $out i32)
    (local $q01x v128) (local $q01y v128) (local $q01z v128)
    (local $q23x v128) (local $q23y v128) (local $q23z v128)
    (local $p01 v128) (local $p23 v128)
    (local $cur v128) (local $x v128) (local $e v128) (local $s01 v128) (local $s23 v128)
    (local $end i32)
    (local.set $q01x (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=0 (local.get $cand))) (f64.load offset=24 (local.get $cand))))
    (local.set $q01y (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=8 (local.get $cand))) (f64.load offset=32 (local.get $cand))))
    (local.set $q01z (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=16 (local.get $cand))) (f64.load offset=40 (local.get $cand))))
    (local.set $q23x (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=48 (local.get $cand))) (f64.load offset=72 (local.get $cand))))
    (local.set $q23y (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=56 (local.get $cand))) (f64.load offset=80 (local.get $cand))))
    (local.set $q23z (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=64 (local.get $cand))) (f64.load offset=88 (local.get $cand))))
    (local.set $p01 (v128.const f64x2 0 0))
    (local.set $p23 (v128.const f64x2 0 0))
    (local.set $end (i32.add (local.get $closest) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $closest) (local.get $end)))
      (loop $points
        (local.set $cur (v128.load64_splat (local.get $closest)))
        (local.set $x (v128.load64_splat offset=0 (local.get $data)))
        (local.set $e (f64x2.sub (local.get $x) (local.get $q01x)))
        (local.set $s01 (f64x2.mul (local.get $e) (local.get $e)))
        (local.set $e (f64x2.sub (local.get $x) (local.get $q23x)))
        (local.set $s23 (f64x2.mul (local.get $e) (local.get $e)))
        (local.set $x (v128.load64_splat offset=8 (local.get $data)))
        (local.set $e (f64x2.sub (local.get $x) (local.get $q01y)))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $e) (local.get $e))))
        (local.set $e (f64x2.sub (local.get $x) (local.get $q23y)))
        (local.set $s23 (f64x2.add (local.get $s23) (f64x2.mul (local.get $e) (local.get $e))))
        (local.set $x (v128.load64_splat offset=16 (local.get $data)))
        (local.set $e (f64x2.sub (local.get $x) (local.get $q01z)))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $e) (local.get $e))))
        (local.set $e (f64x2.sub (local.get $x) (local.get $q23z)))
        (local.set $s23 (f64x2.add (local.get $s23) (f64x2.mul (local.get $e) (local.get $e))))
        ;; pmin(a, b) = b < a ? b : a
        (local.set $p01 (f64x2.add (local.get $p01) (f64x2.pmin (local.get $cur) (local.get $s01))))
        (local.set $p23 (f64x2.add (local.get $p23) (f64x2.pmin (local.get $cur) (local.get $s23))))
        (local.set $data (i32.add (local.get $data) (i32.const 24)))
        (local.set $closest (i32.add (local.get $closest) (i32.const 8)))
        (br_if $points (i32.lt_u (local.get $closest) (local.get $end)))))
    (v128.store offset=0 (local.get $out) (local.get $p01))
    (v128.store offset=16 (local.get $out) (local.get $p23)))

  ;; Adds the centre q at $q (3 f64) as seed $c: closest[i] = min(closest[i], ‖x_i − q‖²),
  ;; labels[i] = $c where strictly nearer, cumulative[i] = Σ_{j ≤ i} closest[j]. Returns the potential.
  (func (export "addCentre3") (param $data i32) (param $closest i32) (param $labels i32) (param $cumulative i32) (param $n i32) (param $q i32) (param $c i32) (result f64)
    (local $q0 f64) (local $q1 f64) (local $q2 f64) (local $e f64) (local $sq f64) (local $v f64) (local $running f64)
    (local $nearer i32) (local $end i32)
    (local.set $q0 (f64.load offset=0 (local.get $q)))
    (local.set $q1 (f64.load offset=8 (local.get $q)))
    (local.set $q2 (f64.load offset=16 (local.get $q)))
    (local.set $end (i32.add (local.get $closest) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $closest) (local.get $end)))
      (loop $points
        (local.set $e (f64.sub (f64.load offset=0 (local.get $data)) (local.get $q0)))
        (local.set $sq (f64.mul (local.get $e) (local.get $e)))
        (local.set $e (f64.sub (f64.load offset=8 (local.get $data)) (local.get $q1)))
        (local.set $sq (f64.add (local.get $sq) (f64.mul (local.get $e) (local.get $e))))
        (local.set $e (f64.sub (f64.load offset=16 (local.get $data)) (local.get $q2)))
        (local.set $sq (f64.add (local.get $sq) (f64.mul (local.get $e) (local.get $e))))
        (local.set $v (f64.load (local.get $closest)))
        (local.set $nearer (f64.lt (local.get $sq) (local.get $v)))
        (local.set $v (select (local.get $sq) (local.get $v) (local.get $nearer)))
        (f64.store (local.get $closest) (local.get $v))
        (i32.store (local.get $labels) (select (local.get $c) (i32.load (local.get $labels)) (local.get $nearer)))
        (local.set $running (f64.add (local.get $running) (local.get $v)))
        (f64.store (local.get $cumulative) (local.get $running))
        (local.set $data (i32.add (local.get $data) (i32.const 24)))
        (local.set $closest (i32.add (local.get $closest) (i32.const 8)))
        (local.set $labels (i32.add (local.get $labels) (i32.const 4)))
        (local.set $cumulative (i32.add (local.get $cumulative) (i32.const 8)))
        (br_if $points (i32.lt_u (local.get $closest) (local.get $end)))))
    (local.get $running))
;; Hamerly-bounded assignment of points 0..$n-1 to the $k centroids (kmeans.ts boundedPass, d = 3).
  ;; Bounds are stored relative to the per-centroid drifts; a point is skipped when
  ;; upper + drift + margin is below its lower bound or its centroid's half separation, else its
  ;; upper bound is tightened to the exact distance and tested again, else all centroids are scanned
  ;; (lowest index on ties) and both bounds reset. With $accumulate, a label change moves the point
  ;; between the clusters' sums (3 f64), counts and Σ‖x‖². Returns the number of label changes.
  (func (export "boundedPass3")
    (param $data i32) (param $labels i32) (param $upper i32) (param $lower i32)
    (param $centroids i32) (param $centroidNorms i32) (param $halfSeparations i32)
    (param $upperDrift i32) (param $lowerDrift i32)
    (param $sums i32) (param $counts i32) (param $normSums i32)
    (param $n i32) (param $k i32) (param $margin f64) (param $accumulate i32) (result i32)
    (local $i i32) (local $own i32) (local $own8 i32) (local $best i32) (local $j i32) (local $cb i32) (local $changed i32)
    (local $half f64) (local $low f64) (local $bounded f64) (local $u f64)
    (local $x0 f64) (local $x1 f64) (local $x2 f64) (local $norm f64) (local $v f64) (local $sum f64)
    (local $bestValue f64) (local $secondValue f64)
    (local $from i32) (local $to i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $points
        (block $next
          (local.set $own (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $own8 (i32.shl (local.get $own) (i32.const 3)))
          (local.set $half (f64.load (i32.add (local.get $halfSeparations) (local.get $own8))))
          (local.set $low (f64.sub
            (f64.load (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3))))
            (f64.load (i32.add (local.get $lowerDrift) (local.get $own8)))))
          (local.set $bounded (f64.add (f64.add
            (f64.load (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3))))
            (f64.load (i32.add (local.get $upperDrift) (local.get $own8))))
            (local.get $margin)))
          (br_if $next (i32.or (f64.lt (local.get $bounded) (local.get $low)) (f64.lt (local.get $bounded) (local.get $half))))
          ;; tighten: the exact distance to the own centroid
          (local.set $cb (i32.add (local.get $data) (i32.mul (local.get $i) (i32.const 24))))
          (local.set $x0 (f64.load offset=0 (local.get $cb)))
          (local.set $x1 (f64.load offset=8 (local.get $cb)))
          (local.set $x2 (f64.load offset=16 (local.get $cb)))
          ;; ‖x‖² recomputed (the same operations as squaredNorms) rather than loaded: at a sparse
          ;; tightening the load would be a second cache miss
          (local.set $norm (f64.add (f64.add (f64.mul (local.get $x0) (local.get $x0)) (f64.mul (local.get $x1) (local.get $x1))) (f64.mul (local.get $x2) (local.get $x2))))
          (local.set $cb (i32.add (local.get $centroids) (i32.mul (local.get $own) (i32.const 24))))
          (local.set $sum (f64.add (local.get $norm)
            (f64.sub (f64.load (i32.add (local.get $centroidNorms) (local.get $own8)))
              (f64.mul (f64.const 2)
                (f64.add (f64.add
                  (f64.mul (local.get $x0) (f64.load offset=0 (local.get $cb)))
                  (f64.mul (local.get $x1) (f64.load offset=8 (local.get $cb))))
                  (f64.mul (local.get $x2) (f64.load offset=16 (local.get $cb))))))))
          (local.set $u (f64.add
            (f64.sqrt (select (local.get $sum) (f64.const 0) (f64.gt (local.get $sum) (f64.const 0))))
            (local.get $margin)))
          (f64.store (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3)))
            (f64.sub (f64.sub (local.get $u) (local.get $margin)) (f64.load (i32.add (local.get $upperDrift) (local.get $own8)))))
          (br_if $next (i32.or (f64.lt (local.get $u) (local.get $low)) (f64.lt (local.get $u) (local.get $half))))
          ;; scan every centroid: nearest and second nearest by ‖c‖² − 2x·c
          (local.set $best (i32.const 0))
          (local.set $bestValue (f64.const inf))
          (local.set $secondValue (f64.const inf))
          (local.set $j (i32.const 0))
          (local.set $cb (local.get $centroids))
          (loop $scan
            (local.set $v (f64.sub (f64.load (i32.add (local.get $centroidNorms) (i32.shl (local.get $j) (i32.const 3))))
              (f64.mul (f64.const 2)
                (f64.add (f64.add
                  (f64.mul (local.get $x0) (f64.load offset=0 (local.get $cb)))
                  (f64.mul (local.get $x1) (f64.load offset=8 (local.get $cb))))
                  (f64.mul (local.get $x2) (f64.load offset=16 (local.get $cb)))))))
            (if (f64.lt (local.get $v) (local.get $bestValue))
              (then
                (local.set $secondValue (local.get $bestValue))
                (local.set $bestValue (local.get $v))
                (local.set $best (local.get $j)))
              (else
                (if (f64.lt (local.get $v) (local.get $secondValue))
                  (then (local.set $secondValue (local.get $v))))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 24)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $scan (i32.lt_u (local.get $j) (local.get $k))))
          (local.set $sum (f64.add (local.get $norm) (local.get $bestValue)))
          (f64.store (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3)))
            (f64.sub (select (f64.sqrt (local.get $sum)) (f64.const 0) (f64.gt (local.get $sum) (f64.const 0)))
              (f64.load (i32.add (local.get $upperDrift) (i32.shl (local.get $best) (i32.const 3))))))
          (local.set $sum (f64.add (local.get $norm) (local.get $secondValue)))
          (f64.store (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3)))
            (f64.add (select (f64.sqrt (local.get $sum)) (f64.const 0) (f64.gt (local.get $sum) (f64.const 0)))
              (f64.load (i32.add (local.get $lowerDrift) (i32.shl (local.get $best) (i32.const 3))))))
          (br_if $next (i32.eq (local.get $best) (local.get $own)))
          (i32.store (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2))) (local.get $best))
          (local.set $changed (i32.add (local.get $changed) (i32.const 1)))
          (br_if $next (i32.eqz (local.get $accumulate)))
          (local.set $from (i32.add (local.get $sums) (i32.mul (local.get $own) (i32.const 24))))
          (local.set $to (i32.add (local.get $sums) (i32.mul (local.get $best) (i32.const 24))))
          (f64.store offset=0 (local.get $from) (f64.sub (f64.load offset=0 (local.get $from)) (local.get $x0)))
          (f64.store offset=0 (local.get $to) (f64.add (f64.load offset=0 (local.get $to)) (local.get $x0)))
          (f64.store offset=8 (local.get $from) (f64.sub (f64.load offset=8 (local.get $from)) (local.get $x1)))
          (f64.store offset=8 (local.get $to) (f64.add (f64.load offset=8 (local.get $to)) (local.get $x1)))
          (f64.store offset=16 (local.get $from) (f64.sub (f64.load offset=16 (local.get $from)) (local.get $x2)))
          (f64.store offset=16 (local.get $to) (f64.add (f64.load offset=16 (local.get $to)) (local.get $x2)))
          (local.set $from (i32.add (local.get $counts) (local.get $own8)))
          (local.set $to (i32.add (local.get $counts) (i32.shl (local.get $best) (i32.const 3))))
          (f64.store (local.get $from) (f64.sub (f64.load (local.get $from)) (f64.const 1)))
          (f64.store (local.get $to) (f64.add (f64.load (local.get $to)) (f64.const 1)))
          (local.set $from (i32.add (local.get $normSums) (local.get $own8)))
          (local.set $to (i32.add (local.get $normSums) (i32.shl (local.get $best) (i32.const 3))))
          (f64.store (local.get $from) (f64.sub (f64.load (local.get $from)) (local.get $norm)))
          (f64.store (local.get $to) (f64.add (f64.load (local.get $to)) (local.get $norm))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $points (i32.lt_u (local.get $i) (local.get $n)))))
    (local.get $changed))

  ;; Per cluster, from the labels: sums (3 f64) += x, counts += 1, normSums += ‖x‖², in point order
  ;; (kmeans.ts rebuildClusterSums; the three arrays must be zero on entry).
  (func (export "clusterSums3") (param $data i32) (param $squaredNorms i32) (param $labels i32)
    (param $sums i32) (param $counts i32) (param $normSums i32) (param $n i32)
    (local $end i32) (local $j i32) (local $at i32)
    (local.set $end (i32.add (local.get $labels) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $labels) (local.get $end)))
      (loop $points
        (local.set $j (i32.load (local.get $labels)))
        (local.set $at (i32.add (local.get $sums) (i32.mul (local.get $j) (i32.const 24))))
        (f64.store offset=0 (local.get $at) (f64.add (f64.load offset=0 (local.get $at)) (f64.load offset=0 (local.get $data))))
        (f64.store offset=8 (local.get $at) (f64.add (f64.load offset=8 (local.get $at)) (f64.load offset=8 (local.get $data))))
        (f64.store offset=16 (local.get $at) (f64.add (f64.load offset=16 (local.get $at)) (f64.load offset=16 (local.get $data))))
        (local.set $at (i32.add (local.get $counts) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.const 1)))
        (local.set $at (i32.add (local.get $normSums) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.load (local.get $squaredNorms))))
        (local.set $data (i32.add (local.get $data) (i32.const 24)))
        (local.set $squaredNorms (i32.add (local.get $squaredNorms) (i32.const 8)))
        (local.set $labels (i32.add (local.get $labels) (i32.const 4)))
        (br_if $points (i32.lt_u (local.get $labels) (local.get $end))))))

  ;; Σ_i ‖x_i − c(label_i)‖², each squared difference added in turn in point order (kmeans.ts inertiaOf).
  (func (export "inertia3") (param $data i32) (param $labels i32) (param $centroids i32) (param $n i32) (result f64)
    (local $end i32) (local $c i32) (local $e f64) (local $inertia f64)
    (local.set $end (i32.add (local.get $labels) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $labels) (local.get $end)))
      (loop $points
        (local.set $c (i32.add (local.get $centroids) (i32.mul (i32.load (local.get $labels)) (i32.const 24))))
        (local.set $e (f64.sub (f64.load offset=0 (local.get $data)) (f64.load offset=0 (local.get $c))))
        (local.set $inertia (f64.add (local.get $inertia) (f64.mul (local.get $e) (local.get $e))))
        (local.set $e (f64.sub (f64.load offset=8 (local.get $data)) (f64.load offset=8 (local.get $c))))
        (local.set $inertia (f64.add (local.get $inertia) (f64.mul (local.get $e) (local.get $e))))
        (local.set $e (f64.sub (f64.load offset=16 (local.get $data)) (f64.load offset=16 (local.get $c))))
        (local.set $inertia (f64.add (local.get $inertia) (f64.mul (local.get $e) (local.get $e))))
        (local.set $data (i32.add (local.get $data) (i32.const 24)))
        (local.set $labels (i32.add (local.get $labels) (i32.const 4)))
        (br_if $points (i32.lt_u (local.get $labels) (local.get $end)))))
    (local.get $inertia))
)
