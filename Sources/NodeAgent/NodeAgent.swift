// NodeAgent: the node contract served on a real AE server (issue 6). Sources land here.
