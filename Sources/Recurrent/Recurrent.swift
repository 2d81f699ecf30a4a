// Downstream recurrent classifiers (issue 6).
