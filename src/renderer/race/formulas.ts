// Each built-in's formula, as notation (the same in every language).
export const FORMULAS: Record<string, string> = {
  course: 'x² + y² + xy − 4x − 5y + 11',
  rosenbrock: '(1 − x)² + 100(y − x²)²',
  beale: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
  himmelblau: '(x² + y − 11)² + (x + y² − 7)²',
  booth: '(x + 2y − 7)² + (2x + y − 5)²',
  rastrigin: '20 + x² − 10cos 2πx + y² − 10cos 2πy',
  ackley: '−20e^(−0.2√(½(x²+y²))) − e^(½(cos 2πx + cos 2πy)) + e + 20',
  sixHumpCamel: '(4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y²',
  styblinskiTang: '½(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y)',
  saddle: 'x² − y²',
  monkeySaddle: 'x³ − 3xy²',
};
