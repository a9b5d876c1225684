from exoextract.cli import main

main()
