console.log("s")
