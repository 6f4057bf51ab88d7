/** The admin console's entry: loaded only at /admin/, never by the phone page. */
import { render } from 'preact';
import { Console } from './console.js';
import './admin.css';

const root = document.getElementById('console');
if (root) render(<Console />, root);
