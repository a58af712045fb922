"""The clinical assessment hub: clinicians claim, call back, assess and close the callback queue's items."""
