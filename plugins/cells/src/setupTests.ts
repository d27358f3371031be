import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait up to 10 s: a dialog or table renders in well over the default 1 s on a
// loaded 2-core machine (the tests still finish as soon as the element appears)
configure({ asyncUtilTimeout: 10_000 });
