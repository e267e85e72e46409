;; k-means++ seeding kernels for d = 3 (WebAssembly 128-bit SIMD).
;;
;; Source of seeding-kernels.wasm.ts: after editing, run `npm run build:wasm -w backend`
;; (a unit test fails while the two differ).
;;
;; Both kernels do exactly the floating-point operations of the scalar TypeScript loops in
;; kmeans-seeding.ts, in the same order (no fused multiply-add), so their results are bit-for-bit
;; equal: ‖x − q‖² = ((x0 − q0)² + (x1 − q1)²) + (x2 − q2)², min(D², ‖x − q‖²) taken as
;; "‖x − q‖² < D² ? ‖x − q‖² : D²" (f64x2.pmin / select), sums accumulated in point order.
;;
;; All pointers are byte offsets into the exported memory; points are row-major f64 triples.
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
)
