console.log("p")
