use std::time::Instant;
use tract_onnx::prelude::*;
use tract_onnx::tract_core;

fn main() -> TractResult<()> {
    let path = std::env::args().nth(1).unwrap();
    let t = std::env::args().nth(2).map(|s| s.parse::<usize>().unwrap()).unwrap_or(67);
    let t0 = Instant::now();
    let mut model = tract_onnx::onnx().model_for_path(&path)?;
    let b = model.sym("batch");
    let tok = model.sym("tokens");
    model.set_input_fact(0, i64::fact([b.to_dim(), tok.to_dim()]).into())?;
    let model = model.into_typed()?.into_optimized()?;
    println!("optimized in {:?}", t0.elapsed());
    for n in model.eval_order()? {
        let node = model.node(n);
        println!("{:>4} {:<30} {}", n, node.name, node.op.name());
    }
    let plan = model.into_runnable()?;
    let ids: Vec<i64> = (0..t).map(|i| 1000 + (i as i64 * 37) % 20000).collect();
    let input = Tensor::from_shape(&[1, t], &ids)?;
    let mut state = plan.spawn()?;
    for _ in 0..100 { state.run(tvec!(input.clone().into()))?; }
    let n = 2000;
    let t1 = Instant::now();
    for _ in 0..n { state.run(tvec!(input.clone().into()))?; }
    println!("state.run: {:?} per call", t1.elapsed() / n);
    let t1 = Instant::now();
    for _ in 0..n { plan.run(tvec!(input.clone().into()))?; }
    println!("plan.run (spawn each): {:?} per call", t1.elapsed() / n);
    let mut times: std::collections::BTreeMap<usize, (String, std::time::Duration)> = Default::default();
    for _ in 0..500 {
        state.run_plan_with_eval(tvec!(input.clone().into()), |ctx, st, node, inputs| {
            let t = Instant::now();
            let r = tract_core::plan::eval(ctx, st, node, inputs);
            let e = times.entry(node.id).or_insert((format!("{} {}", node.name, node.op.name()), Default::default()));
            e.1 += t.elapsed();
            r
        })?;
    }
    let mut v: Vec<_> = times.into_values().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    for (name, d) in v.iter().take(12) { println!("{:>10.1?}  {}", *d / 500, name); }
    Ok(())
}
