//! A minimal PNG encoder (8-bit grayscale, stored deflate blocks): enough for
//! captcha pictures without an image library.
