"""The edgeguard model pipeline: public data in, the shipped guard model out.

Stages, one module each: ``fetch`` (pinned registry packages), ``sources`` (every dataset mapped
onto our labels), ``corpus`` (dedup and split by family), ``compose`` (jailbreak fills and
injected documents), ``encode`` (teacher embeddings), ``teacher``, ``student``, ``export`` (ONNX,
metadata) and ``card`` (manifest and model card). ``build.main`` reads as the recipe.
"""
