from fayan.cli import main

main()
