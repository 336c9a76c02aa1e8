"""The countdown loop of the classic introduction to dis."""


def countdown(n):
    while n > 0:
        print('T-minus', n)
        n -= 1
    print('Blastoff!')


if __name__ == "__main__":
    countdown(3)
