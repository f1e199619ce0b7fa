"""Evaluate: Synoptic's figures on labelled data sets, computed with each data set's own metric."""
