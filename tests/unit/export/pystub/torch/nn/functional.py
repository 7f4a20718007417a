# forward-only functions: not needed to build and load a module
