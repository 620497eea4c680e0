//! The model's graph: an NNEF archive (`model.nnef.tar`, written by the model pipeline) read by
//! tract with a registry of only the operators edgeguard's models use.
//!
//! tract's stock NNEF reader registers every operator tract has (convolutions, recurrent cells,
//! FFTs, ...), and registering one links its code into the library; this registry names the few
//! the student needs, so the library carries only those. A model that calls another operator is
//! rejected at load with tract's "unknown operator" error.

mod pool;

use tract_nnef::internal::*;
use tract_nnef::ops::nnef::deser;
use tract_nnef::resource::{DatLoader, GraphNnefLoader};

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
        "matmul",
        &[
            TypeName::Scalar.tensor().named("A"),
            TypeName::Scalar.tensor().named("B"),
            TypeName::Logical.named("transposeA").default(false),
            TypeName::Logical.named("transposeB").default(false),
        ],
        &[("C", TypeName::Scalar.tensor())],
        deser::matmul,
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
    registry.register_binary("add", &tract_core::ops::math::Add {});
    registry.register_binary("mul", &tract_core::ops::math::Mul {});
    registry.register_binary("max", &tract_core::ops::math::Max {});
    registry.register_unit_element_wise("sigmoid", &tract_core::ops::nn::Sigmoid {});
    registry
}

fn cast(builder: &mut ModelBuilder, invocation: &ResolvedInvocation) -> TractResult<Value> {
    let input = invocation.named_arg_as(builder, "input")?;
    let to: String = invocation.named_arg_as(builder, "to")?;
    builder.wire(tract_core::ops::cast::cast(to.parse()?), &[input])
}

fn token_pool(builder: &mut ModelBuilder, invocation: &ResolvedInvocation) -> TractResult<Value> {
    let inputs: TVec<OutletId> = ["ids", "table", "scale", "query"]
        .iter()
        .map(|name| invocation.named_arg_as(builder, name))
        .collect::<TractResult<_>>()?;
    let pad: i64 = invocation.named_arg_as(builder, "pad")?;
    builder.wire(TokenPool { pad }, &inputs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tract_nnef::ast::ProtoModel;
    use tract_nnef::ast::parse::parse_document;

    fn load(graph: &str) -> TractResult<TypedModel> {
        let proto = ProtoModel {
            doc: parse_document(graph)?,
            tensors: Default::default(),
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
             y = sigmoid(add(x, x)); }",
        )
        .unwrap();
        assert_eq!(
            model.output_fact(0).unwrap().shape.to_tvec().as_slice(),
            [2.to_dim(), 3.to_dim()]
        );
    }

    #[test]
    fn rejects_an_operator_outside_the_registry() {
        let err = load(
            "version 1.0;\nextension tract_registry edgeguard;\n\
             graph g(x) -> (y) { x = external(shape = [2, 3]); y = exp(x); }",
        )
        .unwrap_err();
        assert!(format!("{err:?}").contains("exp"), "{err:?}");
    }
}
