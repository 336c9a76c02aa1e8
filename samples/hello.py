"""A small module to try pydis on: a function, a loop, a comprehension and an f-string."""


def greet(name, times=1):
    for i in range(times):
        print(f"Hello, {name}! ({i + 1}/{times})")
    return [len(name) * k for k in range(times)]


if __name__ == "__main__":
    greet("world", 2)
