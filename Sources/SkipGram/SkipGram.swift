/// The SGNS trainer (issue 2).
