# A stand-in for PyTorch in the exporter tests (torch is not installed here): enough to import a
# generated module, build it and load its weights. Parameter shapes follow PyTorch's documentation.
import math

float32 = 'float32'


class Tensor:
    def __init__(self, values, shape):
        self.values = list(values)
        self.shape = tuple(shape)

    def reshape(self, shape):
        shape = tuple(shape)
        assert math.prod(shape) == len(self.values), (shape, len(self.values))
        return Tensor(self.values, shape)


def tensor(values, dtype=None):
    assert dtype == float32
    return Tensor(values, (len(values),))


def no_grad():
    raise RuntimeError('stub torch cannot run forward')
