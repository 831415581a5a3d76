print("aeupgrade-sim")
