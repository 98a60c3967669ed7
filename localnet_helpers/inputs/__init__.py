"""Reading the study's inputs: the study folder, the actor register, the codebook, the five
collaboration forms and a wave's survey answers, strictly and with every change logged."""
