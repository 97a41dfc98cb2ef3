# myia-opt reports the frontend's errors, and --verify-diagnostics checks them
# from `#` annotations in Python input.


def f(x):
    # expected-error @+1 {{try statements are not supported}}
    try:
        return x
    except ValueError:
        return 0
