"""Pages of learning labs: ``labs`` designs and runs them, ``reports`` shows what they gave,
``programmes`` lists a programme's labs on its tab."""
