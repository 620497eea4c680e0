//! The model's graph: an NNEF archive (`model.nnef.tar`, written by the model pipeline) read by
//! tract with a registry of only the operators edgeguard's models use.
//!
//! tract's stock NNEF reader registers every operator tract has (convolutions, recurrent cells,
//! FFTs, ...), and registering one links its code into the library; this registry names the few
//! the student needs, so the library carries only those. A model that calls another operator is
//! rejected at load with tract's "unknown operator" error.

mod dense;
mod pool;

use tract_nnef::internal::*;
use tract_nnef::ops::nnef::deser;
use tract_nnef::resource::{DatLoader, GraphNnefLoader};

use dense::DenseI8;
use pool::TokenPool;

/// The name models declare (`extension tract_registry edgeguard;`) to use this registry.
const REGISTRY: &str = "edgeguard";

/// tract's NNEF reader with edgeguard's registry.
pub(crate) fn framework() -> tract_nnef::framework::Nnef {
    tract_nnef::framework::Nnef {
        stdlib: Vec::new(),
        registries: vec![registry()],
        resource_loaders: vec![GraphNnefLoader.into_boxed(), DatLoader.into_boxed()],
        allow_extended_identifier_syntax: false,
        extern_all_constants: false,
    }
}

fn registry() -> Registry {
    let mut registry = Registry::new(REGISTRY);
    let shape = || TypeName::Integer.array().named("shape");
    let any_out = [("output", TypeName::Any.tensor())];
    registry.register_primitive("external", &[shape()], &any_out, deser::external);
    registry.register_primitive(
        "variable",
        &[shape(), TypeName::String.named("label")],
        &any_out,
        deser::variable,
    );
    registry.register_primitive(
        "tract_core_cast",
        &[
            TypeName::Scalar.tensor().named("input"),
            TypeName::String.named("to"),
        ],
        &[("output", TypeName::Scalar.tensor())],
        cast,
    );
    registry.register_primitive(
        "edgeguard_pool",
        &[
            TypeName::Integer.tensor().named("ids"),
            TypeName::Integer.tensor().named("table"),
            TypeName::Scalar.tensor().named("scale"),
            TypeName::Scalar.tensor().named("query"),
            TypeName::Integer.named("pad").default(0),
        ],
        &[("output", TypeName::Scalar.tensor())],
        token_pool,
    );
    registry.register_primitive(
        "edgeguard_dense",
        &[
            TypeName::Scalar.tensor().named("x"),
            TypeName::Integer.tensor().named("weight"),
            TypeName::Scalar.tensor().named("scale"),
            TypeName::Scalar.tensor().named("bias"),
            TypeName::Logical.named("relu").default(false),
        ],
        &[("output", TypeName::Scalar.tensor())],
        dense_i8,
    );
    registry.register_unit_element_wise("sigmoid", &tract_core::ops::nn::Sigmoid {});
    registry
}

fn cast(builder: &mut ModelBuilder, invocation: &ResolvedInvocation) -> TractResult<Value> {
    let input = invocation.named_arg_as(builder, "input")?;
    let to: String = invocation.named_arg_as(builder, "to")?;
    builder.wire(tract_core::ops::cast::cast(to.parse()?), &[input])
}

fn token_pool(builder: &mut ModelBuilder, invocation: &ResolvedInvocation) -> TractResult<Value> {
    let inputs = tensor_args(builder, invocation, &["ids", "table", "scale", "query"])?;
    let pad: i64 = invocation.named_arg_as(builder, "pad")?;
    builder.wire(TokenPool { pad }, &inputs)
}

fn dense_i8(builder: &mut ModelBuilder, invocation: &ResolvedInvocation) -> TractResult<Value> {
    let inputs = tensor_args(builder, invocation, &["x", "weight", "scale", "bias"])?;
    let relu: bool = invocation.named_arg_as(builder, "relu")?;
    builder.wire(DenseI8 { relu }, &inputs)
}

/// The wires of an invocation's tensor arguments, in the order named.
fn tensor_args(
    builder: &mut ModelBuilder,
    invocation: &ResolvedInvocation,
    names: &[&str],
) -> TractResult<TVec<OutletId>> {
    names
        .iter()
        .map(|name| invocation.named_arg_as(builder, name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tract_nnef::ast::ProtoModel;
    use tract_nnef::ast::parse::parse_document;

    fn load(graph: &str) -> TractResult<TypedModel> {
        let tensors = [
            ("w", tensor2(&[[1i8, -2, 3]; 4])),
            ("s", tensor2(&[[0.5f32]; 4])),
            ("b", tensor2(&[[0.1f32; 4]])),
        ];
        let proto = ProtoModel {
            doc: parse_document(graph)?,
            tensors: tensors
                .into_iter()
                .map(|(label, t)| (Identifier(label.into()), Arc::new(t)))
                .collect(),
            quantization: None,
            resources: Default::default(),
        };
        framework().model_for_proto_model(&proto)
    }

    #[test]
    fn reads_the_registered_operators() {
        let model = load(
            "version 1.0;\nextension tract_registry edgeguard;\n\
             graph g(x) -> (y) { x = external(shape = [2, 3]); \
             w = variable<integer>(label = \"w\", shape = [4, 3]); \
             s = variable<scalar>(label = \"s\", shape = [4, 1]); \
             b = variable<scalar>(label = \"b\", shape = [1, 4]); \
             y = sigmoid(edgeguard_dense(x, w, s, b, relu = true)); }",
        )
        .unwrap();
        assert_eq!(
            model.output_fact(0).unwrap().shape.to_tvec().as_slice(),
            [2.to_dim(), 4.to_dim()]
        );
    }

    #[test]
    fn rejects_an_operator_outside_the_registry() {
        // matmul: format 2's dense layers, replaced by edgeguard_dense in format 3.
        let err = load(
            "version 1.0;\nextension tract_registry edgeguard;\n\
             graph g(x) -> (y) { x = external(shape = [2, 3]); \
             y = matmul(x, x, transposeB = true); }",
        )
        .unwrap_err();
        assert!(format!("{err:?}").contains("matmul"), "{err:?}");
        let err = load(
            "version 1.0;\nextension tract_registry edgeguard;\n\
             graph g(x) -> (y) { x = external(shape = [2, 3]); y = exp(x); }",
        )
        .unwrap_err();
        assert!(format!("{err:?}").contains("exp"), "{err:?}");
    }
}
