"""Running the notebooks: the pipeline (:mod:`.pipeline`), their kernels (:mod:`.kernels`) and
the output folder a run owns (:mod:`.outfolder`)."""
