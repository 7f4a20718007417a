from . import functional  # noqa: F401


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


class Module:
    def __init__(self):
        object.__setattr__(self, '_modules', {})
        object.__setattr__(self, 'params', {})

    def __setattr__(self, key, value):
        if isinstance(value, Module):
            self._modules[key] = value
        object.__setattr__(self, key, value)

    def state_shapes(self):
        out = dict(self.params)
        for name, m in self._modules.items():
            out.update({f'{name}.{p}': s for p, s in m.state_shapes().items()})
        return out

    def load_state_dict(self, state, strict=True):
        want = self.state_shapes()
        for k, s in want.items():
            if k in state and tuple(state[k].shape) != tuple(s):
                raise RuntimeError(f'size mismatch for {k}: {tuple(state[k].shape)} vs {s}')
        self.loaded = state
        return [k for k in want if k not in state], [k for k in state if k not in want]

    def eval(self):
        return self


class Linear(Module):
    def __init__(self, in_features, out_features, bias=True):
        super().__init__()
        self.params.update({'weight': (out_features, in_features)})
        if bias:
            self.params['bias'] = (out_features,)


class Conv2d(Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True):
        super().__init__()
        assert in_channels % groups == 0 and out_channels % groups == 0
        self.params['weight'] = (out_channels, in_channels // groups, *_pair(kernel_size))
        if bias:
            self.params['bias'] = (out_channels,)


class _BatchNorm(Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        for p in ('weight', 'bias', 'running_mean', 'running_var'):
            self.params[p] = (num_features,)
        self.params['num_batches_tracked'] = ()


BatchNorm1d = BatchNorm2d = BatchNorm3d = _BatchNorm


class PReLU(Module):
    def __init__(self, num_parameters=1, init=0.25):
        super().__init__()
        self.params['weight'] = (num_parameters,)


class Embedding(Module):
    def __init__(self, num_embeddings, embedding_dim):
        super().__init__()
        self.params['weight'] = (num_embeddings, embedding_dim)


class Dropout(Module):
    def __init__(self, p=0.5):
        super().__init__()


def _recurrent(gates):
    class Recurrent(Module):
        def __init__(self, input_size, hidden_size, batch_first=False, bias=True, nonlinearity='tanh'):
            super().__init__()
            assert batch_first
            self.params['weight_ih_l0'] = (gates * hidden_size, input_size)
            self.params['weight_hh_l0'] = (gates * hidden_size, hidden_size)
            if bias:
                self.params['bias_ih_l0'] = (gates * hidden_size,)
                self.params['bias_hh_l0'] = (gates * hidden_size,)
    return Recurrent


RNN, LSTM, GRU = _recurrent(1), _recurrent(4), _recurrent(3)
