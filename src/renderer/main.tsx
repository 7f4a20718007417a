console.log("r")
