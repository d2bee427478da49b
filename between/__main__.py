from between.cli import main

main()
