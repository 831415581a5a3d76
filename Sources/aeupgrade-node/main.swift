print("aeupgrade-node: not built yet (issue 6)")
